export const FORMATS = ['stylish', 'sarif', 'json'] as const;
export type Format = (typeof FORMATS)[number];
