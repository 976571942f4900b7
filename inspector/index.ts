/**
 * The live inspector: a local web page showing the supervisor and every execution machine.
 * @packageDocumentation
 */
export { attachInspector, type InspectorHandle, type InspectorOptions } from './attach.js';
export { inspectionTap, type InspectionTap } from './tap.js';
export { machineGraph, type MachineGraph, type GraphNode, type GraphEdge } from './graph.js';
export { Coalescer, type CoalesceOptions } from './coalesce.js';
export { startServer, isLoopback, type ServerOptions, type InspectorServer } from './server.js';
export { sanitizeContext, type SafeContext } from './sanitize.js';
export * from './types.js';
