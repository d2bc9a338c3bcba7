import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Certificate {
  cert: string;
  key: string;
  certFile: string;
  keyFile: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A test certificate authority made with openssl in `dir`; it signs server and client certificates. */
export function createTestCa(dir: string, name: string): { ca: Certificate; issue: (cn: string, altNames?: string) => Certificate } {
  const file = (suffix: string) => join(dir, `${name}-${suffix}`);
  const read = (stem: string): Certificate => ({ cert: readFileSync(`${stem}.crt`, 'utf8'), key: readFileSync(`${stem}.key`, 'utf8'), certFile: `${stem}.crt`, keyFile: `${stem}.key` });
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${name} test CA`, '-keyout', `${file('ca')}.key`, '-out', `${file('ca')}.crt`], dir);
  const ca = read(file('ca'));
  return {
    ca,
    issue(cn, altNames) {
      const stem = file(cn);
      openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${cn}`, '-keyout', `${stem}.key`, '-out', `${stem}.csr`], dir);
      const ext = `${stem}.ext`;
      writeFileSync(ext, altNames ? `subjectAltName=${altNames}\n` : 'basicConstraints=CA:FALSE\n');
      openssl(['x509', '-req', '-in', `${stem}.csr`, '-CA', ca.certFile, '-CAkey', ca.keyFile, '-CAcreateserial', '-days', '2', '-extfile', ext, '-out', `${stem}.crt`], dir);
      return read(stem);
    },
  };
}
