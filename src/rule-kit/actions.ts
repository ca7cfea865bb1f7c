// Action matching is shared with the trust graph (src/graph/actions.ts).
export * from '../graph/actions.js';
