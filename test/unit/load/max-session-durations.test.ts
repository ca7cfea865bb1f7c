import { describe, expect, it } from 'vitest';
import { scanInputs } from '../../../src/cli/scan.js';
import { isUnknown, type Role } from '../../../src/model/index.js';

function roles(yaml: string): Role[] {
  const r = scanInputs([{ rel: 't.yaml', bytes: new TextEncoder().encode(yaml) }], []);
  return r.model.entities.filter((e): e is Role => e.kind === 'role');
}

const template = (duration: string) =>
  [
    'Parameters:',
    '  Hours: { Type: Number }',
    'Conditions:',
    '  IsProd: !Equals [!Ref "AWS::AccountId", "111122223333"]',
    'Resources:',
    '  R:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    `      ${duration}`,
    '      AssumeRolePolicyDocument: { Statement: [] }',
    '',
  ].join('\n');

describe('CloudFormation loader: Role.maxSessionDurations', () => {
  it('is absent when MaxSessionDuration is not set', () => {
    const [r] = roles(template('Path: /'));
    expect(r.maxSessionDurations).toBeUndefined();
  });

  it('holds one unguarded entry for a literal, with its text and location', () => {
    const [r] = roles(template('MaxSessionDuration: 7200'));
    expect(r.maxSessionDurations).toHaveLength(1);
    const [v] = r.maxSessionDurations!;
    expect(v).toMatchObject({ value: 7200, text: '7200', when: [] });
    expect(v.source.range).toMatchObject({ line: 9, column: 27, endColumn: 31 });
    expect(r.maxSessionDuration?.value).toBe(7200);
  });

  it('expands both Fn::If branches with their guards and drops AWS::NoValue', () => {
    const [r] = roles(template('MaxSessionDuration: !If [IsProd, 3600, 14400]'));
    expect(r.maxSessionDurations?.map((v) => [v.value, v.when])).toEqual([
      [3600, [{ condition: 'IsProd', value: true }]],
      [14400, [{ condition: 'IsProd', value: false }]],
    ]);
    const [n] = roles(template('MaxSessionDuration: !If [IsProd, 3600, !Ref AWS::NoValue]'));
    expect(n.maxSessionDurations?.map((v) => v.value)).toEqual([3600]);
  });

  it('keeps non-numeric text and unresolved parameters', () => {
    const [t] = roles(template('MaxSessionDuration: 1h'));
    expect(t.maxSessionDurations?.[0].text).toBe('1h');
    expect(Number.isNaN(t.maxSessionDurations?.[0].value)).toBe(true);
    const [u] = roles(template('MaxSessionDuration: !Ref Hours'));
    expect(isUnknown(u.maxSessionDurations?.[0].value)).toBe(true);
  });
});
