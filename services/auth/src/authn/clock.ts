/** Injection token of the clock (optional: the system clock when nothing provides it; tests move it). */
export const CLOCK = Symbol('CLOCK');
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
