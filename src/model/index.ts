export * from './source.js';
export * from './unknown.js';
export * from './policy.js';
export * from './entities.js';
export * from './model.js';
export * from './finding.js';
