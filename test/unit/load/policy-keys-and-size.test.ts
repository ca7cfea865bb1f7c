import { describe, expect, it } from 'vitest';
import { scanInputs } from '../../../src/cli/scan.js';
import { Unknown } from '../../../src/model/index.js';
import { policySize } from '../../../src/load/policy/normalize.js';

function load(rel: string, text: string) {
  return scanInputs([{ rel, bytes: new TextEncoder().encode(text) }], []).model;
}

const at = (r: { range: { line: number; column: number; endColumn: number } }) => `${r.range.line}:${r.range.column}-${r.range.endColumn}`;

describe('policySize (sts-semantics.md §9.3): a lower bound of what IAM counts', () => {
  it('counts non-whitespace characters of the JSON', () => {
    expect(policySize({ Version: '2012-10-17', Statement: [] })).toBe('{"Version":"2012-10-17","Statement":[]}'.length);
  });
  it('counts the symbolic stack account as 12 digits and an unresolved value as its known part only', () => {
    expect(policySize({ a: 'arn:aws:iam::${AWS::AccountId}:root' })).toBe('{"a":"arn:aws:iam::123456789012:root"}'.length);
    expect(policySize({ a: new Unknown('parameter X', 'arn:aws:iam::${AWS::AccountId}:role/?') })).toBe('{"a":"arn:aws:iam::123456789012:role/"}'.length);
    expect(policySize({ a: new Unknown('parameter X') })).toBe('{"a":""}'.length);
  });
});

describe('duplicate JSON keys reach PolicyDocument.duplicateKeys', () => {
  it('from a loose policy file', () => {
    const m = load('p.json', '{"Version":"2012-10-17",\n"Statement":[{"Effect":"Allow","Effect":"Deny","Action":"s3:*","Resource":"*"}]}');
    expect(m.documents[0].duplicateKeys?.map((d) => [d.pointer, at(d.source)])).toEqual([['/Statement/0/Effect', '2:32-40']]);
  });
  it('from a JSON template, relative to the policy document', () => {
    const m = load(
      't.json',
      JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: { R: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] } } } } }).replace(
        '"Statement":[]',
        '"Statement":[],"Statement":[]',
      ),
    );
    expect(m.documents[0].duplicateKeys?.map((d) => d.pointer)).toEqual(['/Statement']);
  });
  it('from a JSON string embedded in YAML, located in the host file', () => {
    const m = load(
      't.yaml',
      'Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: \'{"Version": "2012-10-17", "Version": "2012-10-17", "Statement": []}\'\n',
    );
    expect(m.documents[0].duplicateKeys?.map((d) => [d.pointer, at(d.source)])).toEqual([['/Version', '5:60-69']]);
  });
  it('none in a clean document', () => {
    expect(load('p.json', '{"Version":"2012-10-17","Statement":[]}').documents[0].duplicateKeys).toEqual([]);
  });
});

describe('locateKey: the key naming a pointer', () => {
  it('for documents and statements, YAML and JSON', () => {
    const m = load('t.yaml', 'Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Statment: []\n        Statement:\n          - Efect: Allow\n');
    const d = m.documents[0];
    expect(at(d.locateKey!('/Statment'))).toBe('6:9-17');
    expect(at(d.statements[0].locateKey!('/Efect'))).toBe('8:13-18');
  });
  it('an unresolved document keeps its Unknown as raw', () => {
    const m = load('t.yaml', 'Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: !ImportValue shared-Policy\n');
    expect(m.documents[0].raw).toBeInstanceOf(Unknown);
    expect(m.documents[0].statements).toEqual([]);
  });
});
