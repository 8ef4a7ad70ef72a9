export declare const WASM_MODULES: ReadonlyArray<{ folder: string; source: string; binary: string; constant: string }>;
export declare function assembleWat(folder: string, source: string): Promise<string>;
