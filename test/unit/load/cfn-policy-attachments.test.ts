import { describe, expect, it } from 'vitest';
import { scanInputs } from '../../../src/cli/scan.js';
import type { PolicyDocument } from '../../../src/model/index.js';

function load(text: string) {
  return scanInputs([{ rel: 't.yaml', bytes: new TextEncoder().encode(text) }], []).model;
}

const attachments = (d: PolicyDocument) => (d.attachedTo ?? []).map((a) => ({ type: a.type, target: String(a.target.value), line: a.target.source.range.line, column: a.target.source.range.column, when: a.when }));

describe('CloudFormation loader: where identity policies are attached (PolicyDocument.attachedTo)', () => {
  const model = load(`AWSTemplateFormatVersion: "2010-09-09"
Conditions:
  C: !Equals [a, b]
Resources:
  U:
    Type: AWS::IAM::User
    Properties:
      Policies:
        - PolicyName: inline
          PolicyDocument: { Statement: [] }
  R:
    Type: AWS::IAM::Role
    Properties:
      RoleName: r
      AssumeRolePolicyDocument: { Statement: [] }
  P:
    Type: AWS::IAM::Policy
    Condition: C
    Properties:
      PolicyName: p
      Users: [!Ref U, outside-user]
      Roles:
        - !If [C, !Ref R, !Ref "AWS::NoValue"]
      PolicyDocument: { Statement: [] }
  UP:
    Type: AWS::IAM::UserPolicy
    Properties:
      UserName: !Ref U
      PolicyName: up
      PolicyDocument: { Statement: [] }
`);
  const doc = (id: string) => model.documents.find((d) => d.owner.id === id && d.kind === 'identity')!;

  it('records an inline policy at its PolicyName', () => {
    expect(attachments(doc('U'))).toEqual([{ type: 'user', target: '${U}', line: 9, column: 23, when: [] }]);
  });

  it('records every Users/Roles item of a standalone policy, with the resource condition and Fn::If branch', () => {
    expect(attachments(doc('P'))).toEqual([
      { type: 'role', target: 'r', line: 23, column: 19, when: [{ condition: 'C', value: true }] },
      { type: 'user', target: '${U}', line: 21, column: 15, when: [{ condition: 'C', value: true }] },
      { type: 'user', target: 'outside-user', line: 21, column: 23, when: [{ condition: 'C', value: true }] },
    ].sort((a, b) => (a.type < b.type ? -1 : 1)));
  });

  it('records the UserName of a UserPolicy', () => {
    expect(attachments(doc('UP'))).toEqual([{ type: 'user', target: '${U}', line: 28, column: 17, when: [] }]);
  });

  it('drops an item whose Fn::If branch contradicts the resource condition', () => {
    const m = load(`AWSTemplateFormatVersion: "2010-09-09"
Conditions:
  C: !Equals [a, b]
Resources:
  P:
    Type: AWS::IAM::Policy
    Condition: C
    Properties:
      PolicyName: p
      Users:
        - !If [C, !Ref "AWS::NoValue", never-attached]
        - always
      PolicyDocument: { Statement: [] }
`);
    expect(attachments(m.documents[0])).toEqual([{ type: 'user', target: 'always', line: 12, column: 11, when: [{ condition: 'C', value: true }] }]);
  });

  it('leaves role trust policies and loose files without attachments', () => {
    expect(model.documents.find((d) => d.kind === 'trust')?.attachedTo).toBeUndefined();
  });
});

describe('CloudFormation loader: Fn::If inside an inline policy', () => {
  it('yields one document whose statements carry only their own branch guards', () => {
    const model = load(`AWSTemplateFormatVersion: "2010-09-09"
Conditions:
  C: !Equals [a, b]
Resources:
  R:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Statement: [] }
      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: s3:GetObject
                Resource: !If [C, arn:aws:s3:::a/*, arn:aws:s3:::b/*]
              - Effect: Allow
                Action: s3:ListBucket
                Resource: "*"
`);
    const docs = model.documents.filter((d) => d.kind === 'identity');
    expect(docs).toHaveLength(1);
    expect(docs[0].statements.map((s) => [s.index, JSON.stringify(s.when)])).toEqual([
      [0, JSON.stringify([{ condition: 'C', value: true }])],
      [1, '[]'],
      [0, JSON.stringify([{ condition: 'C', value: false }])],
    ]);
  });
});
