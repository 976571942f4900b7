/**
 * The test harness with the real circuit breaker as its risk port, logging into the harness.
 */
import { CircuitBreaker, type BreakerConfigInput } from '../../actors/circuitBreaker/index.js';
import { testEngine, type TestEngineOptions } from './engine.js';

/** A harness whose risk port is a real {@link CircuitBreaker} with `config`. */
export function withBreaker(config: BreakerConfigInput = {}, engine: TestEngineOptions = {}) {
  let cb: CircuitBreaker | undefined;
  const e = testEngine({
    ...engine,
    risk: (clock, logger) => (cb = new CircuitBreaker({ clock, logger, config }))
  });
  if (!cb) throw new Error('breaker not built');
  return { e, cb };
}
