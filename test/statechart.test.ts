/**
 * The README's state diagram is generated from the execution machine (scripts/statechart.ts);
 * these tests fail when it is stale, pin the Mermaid output on a small machine, and check that
 * every state and every transition of the execution machine is drawn.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromPromise, setup, type AnyStateNode } from 'xstate';
import { executionMachine } from '../machines/execution.js';
import { mermaidId, renderStatechart } from '../machines/statechart.js';
import { FIX, README, readmeBlock } from '../scripts/statechart.js';

const nodes = (n: AnyStateNode): AnyStateNode[] =>
  Object.values(n.states).flatMap((c) => [c, ...nodes(c)]);

describe('state diagram', () => {
  it("README.md's diagram is the execution machine's", () => {
    const diagram = renderStatechart(executionMachine);
    const stale = `README.md's state diagram is stale: run \`${FIX}\``;
    expect(readmeBlock(readFileSync(README, 'utf8')), stale).toBe(diagram);
  });

  it('renders a small machine exactly', () => {
    const machine = setup({
      types: { events: {} as { type: 'GO' } | { type: 'STOP' } | { type: 'RESET' } },
      actors: { fetchQuote: fromPromise(() => Promise.resolve(1)) },
      guards: { ready: () => true },
      delays: { patience: 1_000 }
    }).createMachine({
      id: 'demo',
      initial: 'idle',
      on: { RESET: '.idle' },
      states: {
        idle: {
          on: { GO: [{ guard: 'ready', target: 'busy' }, { target: 'idle' }] },
          after: { patience: 'check' }
        },
        check: { always: [{ guard: 'ready', target: 'done' }, { target: 'idle' }] },
        busy: {
          type: 'parallel',
          on: { STOP: 'done' },
          onDone: 'done',
          states: {
            quote: {
              initial: 'fetching',
              states: {
                fetching: { invoke: { src: 'fetchQuote', onDone: 'got', onError: 'got' } },
                got: { type: 'final' }
              }
            },
            timer: {
              initial: 'running',
              states: { running: { after: { 500: 'expired' } }, expired: { type: 'final' } }
            }
          }
        },
        done: { type: 'final' }
      }
    });
    expect(renderStatechart(machine)).toBe(
      [
        'stateDiagram-v2',
        '  [*] --> idle',
        '  demo --> idle: RESET',
        '  idle --> busy: GO [ready]',
        '  idle --> idle: GO',
        '  idle --> check: after patience',
        '  check --> done: ready',
        '  check --> idle: always',
        '  state busy {',
        '    state "quote" as busy_quote {',
        '      [*] --> busy_quote_fetching',
        '      state "fetching" as busy_quote_fetching',
        '      busy_quote_fetching --> busy_quote_got: done fetchQuote / error fetchQuote',
        '      state "got" as busy_quote_got',
        '      busy_quote_got --> [*]',
        '    }',
        '    --',
        '    state "timer" as busy_timer {',
        '      [*] --> busy_timer_running',
        '      state "running" as busy_timer_running',
        '      busy_timer_running --> busy_timer_expired: after 500 ms',
        '      state "expired" as busy_timer_expired',
        '      busy_timer_expired --> [*]',
        '    }',
        '  }',
        '  busy --> done: STOP / done',
        '  done --> [*]',
        ''
      ].join('\n')
    );
  });

  it('draws every state and every transition of the execution machine', () => {
    const text = renderStatechart(executionMachine);
    const lines = text.split('\n').map((l) => l.trim());
    const names = new Set(lines.flatMap((l) => (l.split(':')[0] ?? '').split(/\s+/)));
    for (const node of nodes(executionMachine.root)) {
      expect(names, node.id).toContain(mermaidId(node));
      const transitions = [...[...node.transitions.values()].flat(), ...(node.always ?? [])];
      for (const t of transitions) {
        for (const target of t.target ?? []) {
          const edge = `${mermaidId(node)} --> ${mermaidId(target)}: `;
          expect(
            lines.some((l) => l.startsWith(edge)),
            `${node.id} → ${target.id}`
          ).toBe(true);
        }
      }
    }
  });
});
