import type { Marker, MarkerSetV1 } from '@quorum/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultMarkerSet } from './default-marker-set.js';
import { extractMarkers } from './extract-markers.js';
import { extractMentions } from './extract-mentions.js';

const riskMarkers: MarkerSetV1 = {
  specificationVersion: 'v1',
  name: 'risk-markers',
  markers: [
    { type: 'risk', keywords: ['RISK'], label: 'Risks', argument: { description: 'severity', values: ['low', 'medium', 'high'] } },
  ],
};

/** The markers of one comment by Rob whose text starts on line 1. */
function markersOf(text: string, markerSets: readonly MarkerSetV1[] = [defaultMarkerSet]): Marker[] {
  return extractMarkers([{ author: 'Rob', text, textLine: 1 }], markerSets);
}

/** Keyword and text of each marker in `text`. */
function found(text: string, markerSets?: readonly MarkerSetV1[]): [string, string][] {
  return markersOf(text, markerSets).map((marker) => [marker.keyword, marker.text]);
}

describe('extractMarkers', () => {
  it('reads every default keyword with its type, author, comment and line', () => {
    const markers = extractMarkers(
      [
        { author: 'AI-Architect', text: 'Intro\nQ: Why?\nTODO: write it', textLine: 5 },
        { author: 'Rob', text: 'A: Because.\nDECISION: ship\nCONCERN: cost\nDIAGRAM: d/flow.mmd\nACTION: call\nQUESTION: how?\nANSWER: so\nASSIGNED: @sue\nDONE: it', textLine: 12 },
      ],
      [defaultMarkerSet],
    );
    expect(markers.map((marker) => [marker.type, marker.keyword, marker.comment, marker.line])).toEqual([
      ['question', 'Q', 0, 6],
      ['todo', 'TODO', 0, 7],
      ['answer', 'A', 1, 12],
      ['decision', 'DECISION', 1, 13],
      ['concern', 'CONCERN', 1, 14],
      ['diagram', 'DIAGRAM', 1, 15],
      ['todo', 'ACTION', 1, 16],
      ['question', 'QUESTION', 1, 17],
      ['answer', 'ANSWER', 1, 18],
      ['assigned', 'ASSIGNED', 1, 19],
      ['done', 'DONE', 1, 20],
    ]);
    expect(markers[0]).toEqual({ type: 'question', keyword: 'Q', argument: null, text: 'Why?', author: 'AI-Architect', comment: 0, line: 6, mentions: [] });
  });

  it('numbers comments from firstIndex, for a host that reads a few comments at a time', () => {
    const comments = ['Q: Why?', 'No markers here.', 'TODO: Measure it.'].map((text, i) => ({ author: 'Rob', text, textLine: 1 + 4 * i }));
    const all = extractMarkers(comments, [defaultMarkerSet]);
    expect(extractMarkers(comments.slice(1), [defaultMarkerSet], 1)).toEqual(all.filter((marker) => marker.comment >= 1));
    expect(all.map((marker) => marker.comment)).toEqual([0, 2]);
  });

  it('does not treat VOTE as a marker', () => {
    expect(markersOf('VOTE: READY')).toEqual([]);
  });

  it('matches keywords case-sensitively and only at the start of a line', () => {
    expect(found('q: no\nTodo: no\nSo Q: no\nQ : no\nQ: yes')).toEqual([['Q', 'yes']]);
  });

  it('allows indentation, bullets, numbers, quotes and task boxes before the keyword', () => {
    const text = '  Q: a\n- Q: b\n* Q: c\n+ Q: d\n1. Q: e\n12) Q: f\n> Q: g\n>Q: h\n> - Q: i\n- [ ] TODO: j\n- [x] DONE: k';
    expect(found(text).map(([, text]) => text)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k']);
  });

  it('needs a space after a bullet', () => {
    expect(found('-Q: no\n1.Q: no')).toEqual([]);
  });

  it('accepts bold and italic keywords and strips the closing emphasis', () => {
    const text = '**Q:** a\n**Q**: b\n**Q: c**\n*Q:* d\n_Q_: e\n__Q:__ f\n- **A(Q1):** g\n**A(Q1)**: h';
    expect(found(text)).toEqual([
      ['Q', 'a'],
      ['Q', 'b'],
      ['Q', 'c'],
      ['Q', 'd'],
      ['Q', 'e'],
      ['Q', 'f'],
      ['A', 'g'],
      ['A', 'h'],
    ]);
  });

  it('trims the text, keeps inline markup in it, and allows an empty one', () => {
    expect(found('TODO:   rename `foo` to **bar**  \nDECISION:')).toEqual([
      ['TODO', 'rename `foo` to **bar**'],
      ['DECISION', ''],
    ]);
  });

  it('ignores a trailing \\r', () => {
    expect(markersOf('Q: a\r\nTODO: b\r\n').map((marker) => [marker.text, marker.line])).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });

  it('never reads markers inside fenced code', () => {
    expect(found('```\nQ: no\n```\n~~~~\nTODO: no\n~~~\n```\n~~~~\nQ: yes\n````\n```\nQ: no')).toEqual([['Q', 'yes']]);
  });

  it('does not read a line starting with an inline code span', () => {
    expect(found('`Q: x`\n``Q: y``\n> `TODO: z`')).toEqual([]);
  });

  it('gives each marker the mentions on its line, outside code spans', () => {
    const [marker] = markersOf('Q: @Architect should `@rob` or sue@x.io decide? @all\n@sue');
    expect(marker?.mentions).toEqual(['architect', 'all']);
  });

  it('reads arguments, trimmed; an empty argument counts as none', () => {
    expect(markersOf('A(Q2): yes\nANSWER( q3 ): no\nA(): bare').map((marker) => marker.argument)).toEqual(['Q2', 'q3', null]);
  });

  it('makes a keyword with an argument its definition does not declare an ordinary line', () => {
    expect(found('Q(x): no\nDECISION(final): no')).toEqual([]);
  });

  it('extracts a custom marker with an argument from its values', () => {
    const markers = markersOf('RISK(high): data loss\nRISK(High): outage\nRISK(extreme): no\nRISK: unrated', [defaultMarkerSet, riskMarkers]);
    expect(markers.map((marker) => [marker.type, marker.argument, marker.text])).toEqual([
      ['risk', 'high', 'data loss'],
      ['risk', 'high', 'outage'],
      ['risk', null, 'unrated'],
    ]);
  });

  it('makes a bare keyword an ordinary line when the argument is required', () => {
    const severity: MarkerSetV1 = {
      specificationVersion: 'v1',
      name: 'severity',
      markers: [{ type: 'risk', keywords: ['RISK'], label: 'Risks', argument: { description: 'severity', required: true } }],
    };
    expect(markersOf('RISK: no\nRISK(any): yes', [severity]).map((marker) => marker.argument)).toEqual(['any']);
  });

  it('lets the first marker set win a keyword declared twice', () => {
    const other: MarkerSetV1 = {
      specificationVersion: 'v1',
      name: 'other',
      markers: [
        { type: 'query', keywords: ['Q'], label: 'Queries' },
        { type: 'blocker', keywords: ['BLOCKER', 'CONCERN'], label: 'Blockers' },
      ],
    };
    expect(markersOf('Q: a\nCONCERN: b\nBLOCKER: c', [defaultMarkerSet, other]).map((marker) => marker.type)).toEqual([
      'question',
      'concern',
      'blocker',
    ]);
    expect(markersOf('Q: a\nCONCERN: b', [other, defaultMarkerSet]).map((marker) => marker.type)).toEqual(['query', 'blocker']);
  });

  it('reads keywords with inner - and _', () => {
    const set: MarkerSetV1 = {
      specificationVersion: 'v1',
      name: 'x',
      markers: [{ type: 'final', keywords: ['FINAL-DESIGN', 'FINAL_DESIGN'], label: 'Final design' }],
    };
    expect(found('FINAL-DESIGN: a\n**FINAL_DESIGN**: b', [set])).toEqual([
      ['FINAL-DESIGN', 'a'],
      ['FINAL_DESIGN', 'b'],
    ]);
  });
});

const markerLike = fc.constantFrom(
  'Q: why @rob?',
  'TODO: write it @sue',
  '- **DECISION:** ship it',
  '> A(Q1): yes',
  '@all please',
  'RISK(high): boom',
  '',
);
const anyLine = fc.oneof(markerLike, fc.string({ maxLength: 30 })).map((line) => line.replace(/\n/g, ' '));

describe('marker properties', () => {
  it('never finds markers or mentions inside a fenced code block', () => {
    const fence = fc.tuple(fc.constantFrom('`', '~'), fc.integer({ min: 3, max: 6 })).map(([character, length]) => character.repeat(length));
    const codeLine = anyLine.filter((line) => !/^[\s>*+\-\d.)]*(`{3,}|~{3,})/.test(line));
    fc.assert(
      fc.property(fence, fc.constantFrom('', 'ts', 'markdown'), fc.array(codeLine, { maxLength: 8 }), fc.boolean(), (open, info, lines, closed) => {
        const text = [`${open}${info}`, ...lines, ...(closed ? [open] : [])].join('\n');
        expect(markersOf(text, [defaultMarkerSet, riskMarkers])).toEqual([]);
        expect(extractMentions(text)).toEqual([]);
      }),
    );
  });

  it('reads a comment the same wherever it stands in the discussion', () => {
    const comment = fc.record({
      author: fc.constantFrom('Rob', 'AI-Architect'),
      text: fc.tuple(fc.array(anyLine, { maxLength: 8 }), fc.constantFrom('\n', '\r\n')).map(([lines, newline]) => lines.join(newline)),
      textLine: fc.integer({ min: 1, max: 1000 }),
    });
    fc.assert(
      fc.property(comment, fc.array(comment, { maxLength: 4 }), fc.integer({ min: 0, max: 10_000 }), (alone, before, shift) => {
        const sets = [defaultMarkerSet, riskMarkers];
        const normalize = (markers: Marker[], lineOffset: number) =>
          markers.map(({ comment: _comment, line, ...rest }) => ({ ...rest, line: line - lineOffset }));
        const expected = normalize(extractMarkers([alone], sets), alone.textLine);
        const moved = { ...alone, textLine: alone.textLine + shift };
        const inContext = extractMarkers([...before, moved], sets).filter((marker) => marker.comment === before.length);
        expect(normalize(inContext, moved.textLine)).toEqual(expected);
      }),
    );
  });
});

describe('keywords of several words', () => {
  it('reads FINAL DESIGN and CONFLICT from the default set, and keeps other capitals ordinary', async () => {
    const { defaultMarkerSet } = await import('./default-marker-set.js');
    const markers = extractMarkers(
      [{ author: 'AI-Dreamer', textLine: 1, text: 'FINAL DESIGN:\n- Components: gateway\nCONFLICT: plan A uses Kafka, plan B uses SQS\nVERY LOUD: not a marker\nQ: still \u2028 a question' }],
      [defaultMarkerSet],
    );
    expect(markers.map((m) => [m.type, m.keyword, m.text, m.line])).toEqual([
      ['final_design', 'FINAL DESIGN', '', 1],
      ['conflict', 'CONFLICT', 'plan A uses Kafka, plan B uses SQS', 3],
      ['question', 'Q', 'still \u2028 a question', 5],
    ]);
  });
});
