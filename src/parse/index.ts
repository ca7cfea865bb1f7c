import { parseJson } from './json.js';
import { DEFAULT_LIMITS, type ParseFailure, type ParseLimits, type ParsedDoc } from './source-map.js';
import { decode } from './text.js';
import { parseYaml } from './yaml.js';

export { parseEmbeddedJson } from './embedded.js';
export { DEFAULT_LIMITS, SourceMap, type ParseFailure, type ParseLimits, type ParsedDoc } from './source-map.js';
export { LineIndex } from './text.js';

export function isParseFailure(r: ParsedDoc | ParseFailure): r is ParseFailure {
  return !('map' in r);
}

/** Bytes of a `.json`/`.yaml`/`.yml`/`.template` file to a parsed document, or a failure with its line. */
export function parseBytes(file: string, bytes: Uint8Array, limits: ParseLimits = DEFAULT_LIMITS): { doc?: ParsedDoc; failure?: ParseFailure; text?: string } {
  if (bytes.length > limits.maxBytes) {
    return { failure: { file, message: `file is ${bytes.length} bytes, over the ${limits.maxBytes}-byte limit (set limits.maxFileBytes in the config to raise it)`, line: 1, column: 1 } };
  }
  const decoded = decode(bytes);
  if ('error' in decoded) return { failure: { file, message: decoded.error, line: 1, column: 1 } };
  const text = decoded.text;
  let r = looksLikeJson(file, text) ? parseJson(file, text, limits) : parseYaml(file, text, limits);
  // YAML flow style also starts with `{`: a non-.json file that is not JSON gets a second chance as YAML.
  if (!('map' in r) && !/\.json$/i.test(file) && r.message.startsWith('invalid JSON')) {
    const y = parseYaml(file, text, limits);
    if ('map' in y) r = y;
  }
  return 'map' in r ? { doc: r, text } : { failure: r, text };
}

function looksLikeJson(file: string, text: string): boolean {
  if (/\.json$/i.test(file)) return true;
  const first = text.trimStart()[0];
  return first === '{' || first === '[';
}
