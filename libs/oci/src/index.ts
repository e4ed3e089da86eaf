export * from './digest';
export * from './reference';
export * from './media-types';
export { descriptorOf, parseDescriptor } from './descriptor';
export type { Descriptor, DescriptorOptions, Platform } from './descriptor';
export * from './manifest';
export * from './range';
