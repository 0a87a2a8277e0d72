import { readFileSync } from 'node:fs';

/** Docker's ignore rules: last matching pattern wins; a pattern also matches a path's parents. */
export function ignoreMatcher(file: string): (relative: string) => boolean {
  return ignoreRules(readFileSync(file, 'utf8'));
}

export function ignoreRules(text: string): (relative: string) => boolean {
  const patterns = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const isNegated = line.startsWith('!');
      const glob = (isNegated ? line.slice(1) : line).replace(/^\/+|\/+$/g, '');
      const source = glob
        .split('/')
        .map((part) =>
          part === '**'
            ? '.*'
            : part
                .replace(/[.+^${}()|[\]\\]/g, '\\$&')
                .replace(/\*/g, '[^/]*')
                .replace(/\?/g, '[^/]'),
        )
        .join('/');
      return { isNegated, regex: new RegExp(`^${source}$`) };
    });
  return (relative) => {
    const prefixes = relative.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'));
    let isIgnored = false;
    for (const { isNegated, regex } of patterns) {
      if (prefixes.some((prefix) => regex.test(prefix))) isIgnored = !isNegated;
    }
    return isIgnored;
  };
}
