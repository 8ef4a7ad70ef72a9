/** The base64 of snappy-step.wat assembled by wabt. */
export function assembleSnappyStep(): Promise<string>;
