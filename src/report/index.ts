import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatMarkdown } from './markdown.js';
import { formatSarif } from './sarif.js';
import { formatStylish, type StylishOptions } from './stylish.js';
import type { ReportInput } from './types.js';

export { codeFrame } from './stylish.js';
export type { ReportInput } from './types.js';

export { FORMATS, type Format } from './formats.js';
import type { Format } from './formats.js';

export function format(name: Format, input: ReportInput, opts: StylishOptions): string {
  switch (name) {
    case 'sarif':
      return formatSarif(input);
    case 'json':
      return formatJson(input);
    case 'github':
      return formatGithub(input);
    case 'markdown':
      return formatMarkdown(input);
    default:
      return formatStylish(input, opts);
  }
}
