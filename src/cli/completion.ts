import type { Command, Option } from 'commander';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** One command of the tree as completion sees it; `node` is `root`, `root/video`, `root/video/list`, … */
interface CompletionNode {
  node: string;
  subcommands: Array<{ name: string; description: string }>;
  /** Flags without a value. */
  flags: Option[];
  /** Options that take a value, with their choices when they have a fixed list. */
  valued: Option[];
}

/** Walks the commander tree, so completion follows the commands as they are registered. */
function completionTree(program: Command): CompletionNode[] {
  const nodes: CompletionNode[] = [];
  const walk = (command: Command, node: string) => {
    const visible = command.commands.filter((sub) => !(sub as unknown as { _hidden?: boolean })._hidden);
    const options = command.options.filter((option) => !option.hidden);
    nodes.push({
      node,
      subcommands: visible.map((sub) => ({ name: sub.name(), description: sub.description() })),
      flags: options.filter((option) => !option.required && !option.optional),
      valued: options.filter((option) => option.required || option.optional),
    });
    for (const sub of visible) walk(sub, `${node}/${sub.name()}`);
  };
  walk(program, 'root');
  return nodes;
}

const names = (option: Option) => [option.short, option.long].filter((name): name is string => Boolean(name));
const words = (node: CompletionNode) => [...node.subcommands.map((s) => s.name), ...[...node.flags, ...node.valued].flatMap(names), '--help'];
const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

function bash(program: Command, nodes: CompletionNode[]): string {
  const bin = program.name();
  const fn = `_${bin.replace(/\W/g, '_')}_complete`;
  const subPaths = nodes.filter((n) => n.node !== 'root').map((n) => n.node);
  const valueCases = nodes.flatMap((n) =>
    n.valued.map((option) => `    ${names(option).map((name) => `"${n.node} ${name}"`).join('|')}) ${option.argChoices ? `values=${quote(option.argChoices.join(' '))}` : 'return 0'} ;;`),
  );
  return `# ${bin} completion for bash. Load it with: source <(${bin} completion bash)
${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" node=root word i values=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    case "$node/$word" in
      ${subPaths.join('|')}) node="$node/$word" ;;
    esac
  done
  case "$node $prev" in
${valueCases.join('\n')}
    *)
      case "$node" in
${nodes.map((n) => `        ${n.node}) values=${quote(words(n).join(' '))} ;;`).join('\n')}
      esac ;;
  esac
  COMPREPLY=($(compgen -W "$values" -- "$cur"))
}
complete -o default -F ${fn} ${bin}
`;
}

function zsh(program: Command, nodes: CompletionNode[]): string {
  const bin = program.name();
  const fn = `_${bin.replace(/\W/g, '_')}`;
  const subPaths = nodes.filter((n) => n.node !== 'root').map((n) => n.node);
  const valueCases = nodes.flatMap((n) =>
    n.valued.map((option) => `    (${names(option).map((name) => `"${n.node} ${name}"`).join('|')}) ${option.argChoices ? `values=(${option.argChoices.map(quote).join(' ')})` : '_files; return'} ;;`),
  );
  return `#compdef ${bin}
# ${bin} completion for zsh. Load it with: autoload -U compinit && compinit; source <(${bin} completion zsh)
${fn}() {
  local node=root word i
  local -a values
  for ((i = 2; i < CURRENT; i++)); do
    word="\${words[i]}"
    case "$node/$word" in
      (${subPaths.join('|')}) node="$node/$word" ;;
    esac
  done
  case "$node \${words[CURRENT-1]}" in
${valueCases.join('\n')}
    (*)
      case "$node" in
${nodes.map((n) => `        (${n.node}) values=(${words(n).map(quote).join(' ')}) ;;`).join('\n')}
      esac ;;
  esac
  compadd -a values
}
compdef ${fn} ${bin}
`;
}

function fish(program: Command, nodes: CompletionNode[]): string {
  const bin = program.name();
  const fn = `__${bin.replace(/\W/g, '_')}_node`;
  const subPaths = nodes.filter((n) => n.node !== 'root').map((n) => n.node);
  const lines = [
    `# ${bin} completion for fish. Load it with: ${bin} completion fish | source`,
    `function ${fn}`,
    '    set -l node root',
    '    for word in (commandline -opc)[2..-1]',
    '        switch "$node/$word"',
    `            case ${subPaths.join(' ')}`,
    '                set node "$node/$word"',
    '        end',
    '    end',
    '    echo $node',
    'end',
    `complete -c ${bin} -f`,
  ];
  for (const n of nodes) {
    const when = `-n ${quote(`test (${fn}) = ${n.node}`)}`;
    for (const sub of n.subcommands) lines.push(`complete -c ${bin} ${when} -a ${sub.name} -d ${quote(sub.description)}`);
    for (const option of [...n.flags, ...n.valued]) {
      const flags = [option.short ? `-s ${option.short.slice(1)}` : '', option.long ? `-l ${option.long.slice(2)}` : ''].filter(Boolean).join(' ');
      const value = option.argChoices ? ` -x -a ${quote(option.argChoices.join(' '))}` : option.required || option.optional ? ' -r -F' : '';
      lines.push(`complete -c ${bin} ${when} ${flags}${value} -d ${quote(option.description)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** A completion script for `shell`, generated from the program's commands and options. */
export function completionScript(program: Command, shell: Shell): string {
  const nodes = completionTree(program);
  return { bash, zsh, fish }[shell](program, nodes);
}
