/**
 * The pipeline's import rules (style.md "Import rules"): data flows
 * discover → parse → load → model → graph → rules → report, with cli on top.
 */
const stage = (name, allowed) => ({
  name: `${name}-imports-only-earlier-stages`,
  severity: 'error',
  from: { path: `^src/${name}/` },
  to: { path: '^(src|rules)/', pathNot: `^src/(${[name, ...allowed].join('|')})/` },
});

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    { name: 'model-imports-nothing', severity: 'error', from: { path: '^src/model/' }, to: { path: '^(src|rules)/', pathNot: '^src/model/' } },
    stage('data', []),
    stage('discover', ['model']),
    stage('parse', ['model']),
    stage('load', ['parse', 'model', 'data']),
    stage('graph', ['model']),
    stage('rule-kit', ['model', 'graph', 'data']),
    stage('engine', ['model', 'graph', 'rule-kit']),
    stage('report', ['model']),
    {
      name: 'rules-use-only-model-graph-rule-kit',
      severity: 'error',
      from: { path: '^rules/' },
      to: { path: '^src/', pathNot: '^src/(model|graph|rule-kit|data)/' },
    },
    {
      name: 'rules-no-io',
      severity: 'error',
      from: { path: '^rules/' },
      to: { path: '^(node:)?(fs|child_process|process|net|http|https)$', dependencyTypes: ['core'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
