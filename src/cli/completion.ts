import type { Command, Option } from 'commander';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** Values of options that are not a `.choices()` list: sort fields, record keys (`list`: comma-separated). */
const COMPLETIONS = new WeakMap<Option, { words: readonly string[]; list: boolean }>();

/** Completes the option's value to `words`, the same list its parser checks against. */
export function completesTo<T extends Option>(option: T, words: readonly string[], { list = false } = {}): T {
  COMPLETIONS.set(option, { words, list });
  return option;
}

/** How an option's value completes: to words (after the last comma for a list), or to file names. */
interface ValueCompletion {
  names: string[];
  words?: readonly string[];
  list: boolean;
}

/** One command of the tree as completion sees it; `node` is `root`, `root/video`, `root/video/list`, … */
interface CompletionNode {
  node: string;
  subcommands: Array<{ name: string; description: string }>;
  /** What a word that is not an option completes to: subcommands, an argument's choices, or (none) file names. */
  positionals: readonly string[] | undefined;
  /** Every option name, for a word starting with `-`. */
  optionWords: string[];
  options: Option[];
  values: ValueCompletion[];
}

const names = (option: Option) => [option.short, option.long].filter((name): name is string => Boolean(name));
const takesValue = (option: Option) => option.required || option.optional;

/** Walks the commander tree, so completion follows the commands as they are registered. */
function completionTree(program: Command): CompletionNode[] {
  const nodes: CompletionNode[] = [];
  const walk = (command: Command, node: string) => {
    // `help` takes command names, which completing the command itself already offers.
    const visible = command.commands.filter((sub) => !(sub as unknown as { _hidden?: boolean })._hidden && sub.name() !== 'help');
    const options = command.options.filter((option) => !option.hidden);
    const subcommands = visible.map((sub) => ({ name: sub.name(), description: sub.description() }));
    // An argument with a fixed list (`video status ID STATUS`) completes to it, wherever it stands.
    const argument = command.registeredArguments.find((arg) => arg.argChoices) ?? command.registeredArguments[0];
    nodes.push({
      node,
      subcommands,
      positionals: subcommands.length > 0 ? subcommands.map((s) => s.name) : argument ? argument.argChoices : [],
      optionWords: [...options.flatMap(names), '--help'],
      options,
      values: options.filter(takesValue).map((option) => ({ names: names(option), words: option.argChoices ?? COMPLETIONS.get(option)?.words, list: COMPLETIONS.get(option)?.list ?? false })),
    });
    for (const sub of visible) walk(sub, `${node}/${sub.name()}`);
  };
  walk(program, 'root');
  return nodes;
}

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
const subPaths = (nodes: CompletionNode[]) => nodes.filter((n) => n.node !== 'root').map((n) => n.node);

function bash(bin: string, nodes: CompletionNode[]): string {
  const fn = `_${bin.replace(/\W/g, '_')}_complete`;
  const files = 'compopt -o default 2>/dev/null; COMPREPLY=(); return 0';
  const valueCases = nodes.flatMap((n) =>
    n.values.map(({ names, words, list }) => {
      const action = words ? `values=${quote(words.join(' '))}${list ? '; [[ $cur == *,* ]] && prefix="${cur%,*},"' : ''}` : files;
      return `    ${names.map((name) => `"${n.node} ${name}"`).join('|')}) ${action} ;;`;
    }),
  );
  const positional = (n: CompletionNode) => (n.positionals === undefined ? files : `values=${quote((n.positionals.length > 0 ? n.positionals : n.optionWords).join(' '))}`);
  return `# ${bin} completion for bash. Load it with: source <(${bin} completion bash)
${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" node=root word i values="" prefix=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    case "$node/$word" in
      ${subPaths(nodes).join('|')}) node="$node/$word" ;;
    esac
  done
  case "$node $prev" in
${valueCases.join('\n')}
    *)
      if [[ $cur == -* ]]; then
        case "$node" in
${nodes.map((n) => `          ${n.node}) values=${quote(n.optionWords.join(' '))} ;;`).join('\n')}
        esac
      else
        case "$node" in
${nodes.map((n) => `          ${n.node}) ${positional(n)} ;;`).join('\n')}
        esac
      fi ;;
  esac
  COMPREPLY=($(compgen -P "$prefix" -W "$values" -- "\${cur#"$prefix"}"))
}
complete -F ${fn} ${bin}
`;
}

function zsh(bin: string, nodes: CompletionNode[]): string {
  const fn = `_${bin.replace(/\W/g, '_')}`;
  const array = (words: readonly string[]) => `values=(${words.map(quote).join(' ')})`;
  const valueCases = nodes.flatMap((n) =>
    n.values.map(({ names, words, list }) => {
      const action = words ? `${array(words)}${list ? '; [[ $cur == *,* ]] && prefix="${cur%,*},"' : ''}` : '_files; return';
      return `    (${names.map((name) => `"${n.node} ${name}"`).join('|')}) ${action} ;;`;
    }),
  );
  const positional = (n: CompletionNode) => (n.positionals === undefined ? '_files; return' : array(n.positionals.length > 0 ? n.positionals : n.optionWords));
  return `#compdef ${bin}
# ${bin} completion for zsh. Load it with: autoload -U compinit && compinit; source <(${bin} completion zsh)
${fn}() {
  local node=root word i cur="\${words[CURRENT]}" prefix=""
  local -a values
  for ((i = 2; i < CURRENT; i++)); do
    word="\${words[i]}"
    case "$node/$word" in
      (${subPaths(nodes).join('|')}) node="$node/$word" ;;
    esac
  done
  case "$node \${words[CURRENT-1]}" in
${valueCases.join('\n')}
    (*)
      if [[ $cur == -* ]]; then
        case "$node" in
${nodes.map((n) => `          (${n.node}) ${array(n.optionWords)} ;;`).join('\n')}
        esac
      else
        case "$node" in
${nodes.map((n) => `          (${n.node}) ${positional(n)} ;;`).join('\n')}
        esac
      fi ;;
  esac
  compadd -p "$prefix" -a values
}
compdef ${fn} ${bin}
`;
}

function fish(bin: string, nodes: CompletionNode[]): string {
  const fn = `__${bin.replace(/\W/g, '_')}_node`;
  const listFn = `__${bin.replace(/\W/g, '_')}_list`;
  const lines = [
    `# ${bin} completion for fish. Load it with: ${bin} completion fish | source`,
    `function ${fn}`,
    '    set -l node root',
    '    for word in (commandline -opc)[2..-1]',
    '        switch "$node/$word"',
    `            case ${subPaths(nodes).join(' ')}`,
    '                set node "$node/$word"',
    '        end',
    '    end',
    '    echo $node',
    'end',
    '# The words of a comma-separated list, after what the list already holds.',
    `function ${listFn}`,
    "    set -l prefix (string match -r '.*,' -- (commandline -ct)); or set prefix ''",
    "    printf '%s\\n' $prefix$argv",
    'end',
    `complete -c ${bin} -f`,
  ];
  for (const n of nodes) {
    const when = `-n ${quote(`test (${fn}) = ${n.node}`)}`;
    for (const sub of n.subcommands) lines.push(`complete -c ${bin} ${when} -a ${sub.name} -d ${quote(sub.description)}`);
    if (n.subcommands.length === 0 && n.positionals && n.positionals.length > 0) lines.push(`complete -c ${bin} ${when} -a ${quote(n.positionals.join(' '))}`);
    if (n.positionals === undefined) lines.push(`complete -c ${bin} ${when} -F`);
    for (const option of n.options) {
      const flags = [option.short ? `-s ${option.short.slice(1)}` : '', option.long ? `-l ${option.long.slice(2)}` : ''].filter(Boolean).join(' ');
      const completion = n.values.find((v) => v.names.includes(names(option)[0]));
      const words = completion?.words;
      const value = !completion ? '' : !words ? ' -r -F' : ` -x -a ${quote(completion.list ? `(${listFn} ${words.join(' ')})` : words.join(' '))}`;
      lines.push(`complete -c ${bin} ${when} ${flags}${value} -d ${quote(option.description)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** A completion script for `shell`, generated from the program's commands and options. */
export function completionScript(program: Command, shell: Shell): string {
  return { bash, zsh, fish }[shell](program.name(), completionTree(program));
}
