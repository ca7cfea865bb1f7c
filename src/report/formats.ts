export const FORMATS = ['stylish', 'sarif', 'json', 'github', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];
