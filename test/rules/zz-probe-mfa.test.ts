import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { it } from 'vitest';
import { runRuleOn, fixtureDir } from '/work/main/test/helpers/rule-tester.js';
const mod = process.env.RULE!;
it('probe', async () => {
  const rule = (await import(mod)).default;
  for (const f of readdirSync(fixtureDir(rule))) {
    const { findings, inputErrors } = runRuleOn(rule, f);
    console.log('==', f, inputErrors);
    for (const x of findings) console.log(`${x.location.range.line}:${x.location.range.column}-${x.location.range.endLine}:${x.location.range.endColumn} ${x.messageId} ${JSON.stringify(x.when)} ${x.message}`);
  }
});
