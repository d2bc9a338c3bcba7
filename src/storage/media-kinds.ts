import { type EntityMetadata, type MetadataStorage, ReferenceKind } from '@mikro-orm/core';

/**
 * Entities whose primary key is a one-to-one to `className`'s: a table of more fields per row of
 * it, as `VideoEntity` is to `MediaEntity` (a kind of media) and a video extension is to `VideoEntity`.
 */
export function entitiesKeyedTo(metadata: MetadataStorage, className: string): EntityMetadata[] {
  return Object.values(metadata.getAll()).filter((meta) => {
    if (meta.abstract || meta.virtual || meta.embeddable || meta.primaryKeys.length !== 1) return false;
    const pk = meta.properties[meta.primaryKeys[0]];
    return pk.kind === ReferenceKind.ONE_TO_ONE && pk.targetMeta?.className === className;
  });
}
