// Principal parsing is shared with the trust graph (src/graph/principals.ts).
export * from '../graph/principals.js';
