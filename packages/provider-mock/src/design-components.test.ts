import { describe, expect, it } from 'vitest';
import { designComponents, titleSubject } from './design-components.js';
import { latestFinalDesign } from './final-design-block.js';
import { mermaidFlowchart } from './mermaid-sketch.js';
import { createRandom } from './seeded-random.js';

const comment = (text: string) => ({ author: 'AI-Someone', text, vote: null });

describe('designComponents', () => {
  it('lists the components mentioned, in the order a request passes them', () => {
    const labels = designComponents({ title: 'Notifications', comments: [comment('Write to the database, then a worker reads the queue. The API gateway in front.')] }).map((c) => c.label);
    expect(labels).toEqual(['API gateway', 'Worker', 'Queue', 'Database']);
  });

  it('completes the path with an API, a service named after the title and a database', () => {
    expect(designComponents({ title: 'Add rate limiting to the public API', comments: [] }).map((c) => c.label)).toEqual(['API', 'Rate limiting service', 'Database']);
    expect(designComponents({ title: 'Whiteboard', comments: [comment('a cache')] }).map((c) => c.label)).toEqual(['API', 'Whiteboard service', 'Cache']);
  });

  it('keeps one entry, one service and one store within the limit', () => {
    const text = 'frontend, mobile app, cdn, queue, worker, scheduler, cache, database, search index';
    const components = designComponents({ title: 'x', comments: [comment(text)] }, 3);
    expect(components.map((c) => c.tier)).toEqual([0, 2, 3]);
  });

  it('does not count a word inside another word or a shorter phrase inside a longer one', () => {
    expect(designComponents({ title: 'Rapid capitalism', comments: [comment('the api gateway')] }).map((c) => c.label)).toEqual(['API gateway', 'Rapid capitalism service', 'Database']);
  });
});

describe('titleSubject', () => {
  it.each([
    ['Add rate limiting to the public API', 'Rate limiting'],
    ['A realtime collaborative whiteboard for teams', 'Realtime collaborative whiteboard'],
    ['Use Postgres', 'Postgres'],
    ['Switch sessions to signed cookies', 'Sessions'],
    ['', 'Core'],
    ['!!!', 'Core'],
  ])('%s gives %s', (title, subject) => {
    expect(titleSubject(title)).toBe(subject);
  });
});

describe('mermaidFlowchart', () => {
  it('chains the user, entry and services, and feeds each store from the last service', () => {
    const chart = mermaidFlowchart(
      [
        { label: 'API "v2"', tier: 1 },
        { label: 'Worker', tier: 2 },
        { label: 'Cache', tier: 3 },
        { label: 'Database', tier: 3 },
      ],
      createRandom('chart'),
    );
    const lines = chart.split('\n');
    expect(lines.slice(0, 2)).toEqual(['```mermaid', 'flowchart LR']);
    expect(lines.at(-1)).toBe('```');
    expect(lines).toContain('  n1["API v2"]');
    expect(lines.filter((line) => line.includes('-->')).map((line) => line.replace(/\|[^|]*\|/, '|…|'))).toEqual([
      '  n0 -->|…| n1',
      '  n1 -->|…| n2',
      '  n2 -->|…| n3',
      '  n2 -->|…| n4',
    ]);
  });
});

describe('latestFinalDesign', () => {
  it('takes the latest block up to the next marker, without votes or mentions', () => {
    const comments = [
      comment('FINAL DESIGN:\nold'),
      comment('Intro.\n\n**FINAL DESIGN:**\n\n**Storage:** Postgres, ask @security\nvote: ready\n\nQ: @dreamer ok?\nmore'),
      comment('No block here.'),
    ];
    expect(latestFinalDesign(comments)).toBe('**FINAL DESIGN:**\n\n**Storage:** Postgres, ask security');
    expect(latestFinalDesign([comment('nothing')])).toBeUndefined();
  });

  it('stops at a code fence', () => {
    expect(latestFinalDesign([comment('FINAL DESIGN:\nA\n```mermaid\nflowchart LR\n```')])).toBe('FINAL DESIGN:\nA');
  });
});
