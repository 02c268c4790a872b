import type { MarkerSetV1 } from '@quorum/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultMarkerSet } from './default-marker-set.js';
import { extractMarkers } from './extract-markers.js';
import { MarkerSummaryBuilder, summarizeMarkers } from './summarize-markers.js';

/** Summary of a discussion given as `[author, text]` comments, ten lines apart. */
function summarize(comments: [string, string][], markerSets: readonly MarkerSetV1[] = [defaultMarkerSet]) {
  const sections = comments.map(([author, text], index) => ({ author, text, textLine: 10 * (index + 1) }));
  return summarizeMarkers(extractMarkers(sections, markerSets));
}

describe('summarizeMarkers: questions', () => {
  it('numbers questions in file order and keeps whom they are directed at', () => {
    const { questions } = summarize([['AI-Architect', 'Q: one? @rob\nQ: two?'], ['Rob', 'QUESTION: three?']]);
    expect(questions.map((question) => [question.id, question.text, question.status, question.mentions])).toEqual([
      ['Q1', 'one? @rob', 'open', ['rob']],
      ['Q2', 'two?', 'open', []],
      ['Q3', 'three?', 'open', []],
    ]);
  });

  it('answers a question by id, whoever answers, even the asker', () => {
    const { questions, answers } = summarize([['Rob', 'Q: one?\nQ: two?\nA(Q1): self-answered'], ['Sue', 'ANSWER(q2): yes']]);
    expect(questions.map((question) => [question.id, question.status, question.answeredBy, question.answerLine])).toEqual([
      ['Q1', 'answered', 'Rob', 12],
      ['Q2', 'answered', 'Sue', 20],
    ]);
    expect(answers.map((answer) => answer.answers)).toEqual(['Q1', 'Q2']);
  });

  it('gives a bare answer to the latest open question by someone else in an earlier comment', () => {
    const { questions, answers } = summarize([
      ['Rob', 'Q: one?'],
      ['Sue', 'Q: two?\nQ: three?'],
      ['Sue', 'A: not to my own questions'],
      ['Rob', 'A: three\nA: two\nQ: four?\nA: one? no: four is mine and in this comment'],
    ]);
    expect(answers.map((answer) => answer.answers)).toEqual(['Q1', 'Q3', 'Q2', null]);
    expect(questions.map((question) => [question.id, question.answeredBy])).toEqual([
      ['Q1', 'Sue'],
      ['Q2', 'Rob'],
      ['Q3', 'Rob'],
      ['Q4', null],
    ]);
  });

  it('keeps an answer that matches nothing, and a question with its first answer', () => {
    const { questions, answers } = summarize([['Rob', 'A: nothing asked\nA(Q9): no such'], ['Sue', 'Q: one?'], ['Rob', 'A: first\nA(Q1): second']]);
    expect(answers.map((answer) => answer.answers)).toEqual([null, null, 'Q1', 'Q1']);
    expect(questions[0]?.answerLine).toBe(30);
  });

  it('does not let an answer refer to a question asked after it', () => {
    const { answers, questions } = summarize([['Rob', 'A(Q1): early'], ['Sue', 'Q: one?']]);
    expect(answers[0]?.answers).toBeNull();
    expect(questions[0]?.status).toBe('open');
  });
});

describe('summarizeMarkers: todos', () => {
  it('numbers todos and closes them with DONE(Tn)', () => {
    const { todos, done } = summarize([['Rob', 'TODO: spec @sue\nACTION: tests'], ['Sue', 'DONE(T1): written']]);
    expect(todos.map((todo) => [todo.id, todo.status, todo.doneBy, todo.doneLine, todo.assignees])).toEqual([
      ['T1', 'done', 'Sue', 20, ['sue']],
      ['T2', 'open', null, null, []],
    ]);
    expect(done.map((item) => [item.todo, item.text])).toEqual([['T1', 'written']]);
  });

  it('closes the open todo with the same text with a bare DONE, else keeps a standalone item', () => {
    const { todos, done } = summarize([
      ['Rob', 'TODO: Write the spec\nTODO: write the spec\nTODO: tests'],
      ['Sue', 'DONE:  write THE spec \nDONE: write the spec\nDONE: write the spec\nDONE: deploy'],
    ]);
    expect(todos.map((todo) => todo.status)).toEqual(['done', 'done', 'open']);
    expect(done.map((item) => item.todo)).toEqual(['T1', 'T2', null, null]);
  });

  it('assigns todos by id and keeps bare assignments', () => {
    const { todos, assignments } = summarize([
      ['Rob', 'TODO: spec @sue'],
      ['Sue', 'ASSIGNED(T1): @rob and @Sue\nASSIGNED: @rob will write the spec\nASSIGNED(T7): @ann'],
    ]);
    expect(todos[0]?.assignees).toEqual(['sue', 'rob']);
    expect(assignments.map((assignment) => [assignment.todo, assignment.assignees, assignment.text])).toEqual([
      ['T1', ['rob', 'sue'], '@rob and @Sue'],
      [null, ['rob'], '@rob will write the spec'],
      [null, ['ann'], '@ann'],
    ]);
  });
});

describe('summarizeMarkers: lists and types', () => {
  it('lists decisions, concerns and diagrams with author and line', () => {
    const summary = summarize([['Rob', 'DECISION: ship\nCONCERN: cost\nDIAGRAM: diagrams/flow.mmd\nDIAGRAM: `d/x.puml`']]);
    expect(summary.decisions.map((marker) => [marker.text, marker.author, marker.line])).toEqual([['ship', 'Rob', 10]]);
    expect(summary.concerns.map((marker) => [marker.text, marker.line])).toEqual([['cost', 11]]);
    expect(summary.diagrams.map((diagram) => [diagram.path, diagram.line])).toEqual([
      ['diagrams/flow.mmd', 12],
      ['d/x.puml', 13],
    ]);
  });

  it('groups every marker by type, custom types included', () => {
    const risks: MarkerSetV1 = {
      specificationVersion: 'v1',
      name: 'risk-markers',
      markers: [{ type: 'risk', keywords: ['RISK'], label: 'Risks', argument: { description: 'severity', values: ['low', 'medium', 'high'] } }],
    };
    const summary = summarize([['Rob', 'RISK(low): a\nQ: b\nRISK: c']], [defaultMarkerSet, risks]);
    expect(Object.keys(summary.byType)).toEqual(['risk', 'question']);
    expect(summary.byType.risk?.map((marker) => [marker.argument, marker.text])).toEqual([
      ['low', 'a'],
      [null, 'c'],
    ]);
  });

  it('summarizes no markers to empty lists', () => {
    expect(summarizeMarkers([])).toEqual({
      questions: [],
      answers: [],
      todos: [],
      decisions: [],
      concerns: [],
      assignments: [],
      done: [],
      diagrams: [],
      byType: {},
    });
  });
});

describe('summarizeMarkers: README example', () => {
  it('holds', () => {
    const comments = [
      { author: 'AI-Architect', text: 'Q: JWT or cookies? @security\nTODO: write the spec', textLine: 12 },
      { author: 'AI-Security', text: '- **A:** cookies\nDONE(T1): spec in docs/', textLine: 20 },
    ];
    const summary = summarizeMarkers(extractMarkers(comments, [defaultMarkerSet]));
    expect(summary.questions[0]).toMatchObject({ id: 'Q1', status: 'answered', answeredBy: 'AI-Security', answerLine: 20, mentions: ['security'] });
    expect(summary.todos[0]).toMatchObject({ id: 'T1', status: 'done', doneBy: 'AI-Security' });
  });
});

describe('MarkerSummaryBuilder', () => {
  const line = fc.constantFrom('Q: why?', 'A: because', 'A(Q1): yes', 'TODO: write it @sue', 'DONE: write it @sue', 'DONE(T1): ok', 'DECISION: go', 'CONCERN: cost', 'plain text');
  const discussion = fc.array(fc.tuple(fc.constantFrom('Rob', 'Sue', 'AI-Architect'), fc.array(line, { minLength: 1, maxLength: 4 })), { maxLength: 12 });

  it('gives, marker by marker, the open questions and the counts after a line that the whole summary gives', () => {
    fc.assert(
      fc.property(discussion, fc.nat(140), (comments, after) => {
        const markers = extractMarkers(
          comments.map(([author, lines], index) => ({ author, text: lines.join('\n'), textLine: 10 * (index + 1) })),
          [defaultMarkerSet],
        );
        const builder = new MarkerSummaryBuilder();
        markers.forEach((marker, index) => {
          builder.add(marker);
          const whole = summarizeMarkers(markers.slice(0, index + 1));
          expect(builder.openQuestions()).toEqual(whole.questions.filter((question) => question.status === 'open'));
          expect(builder.openQuestionCount).toBe(builder.openQuestions().length);
        });
        const expected: Record<string, number> = {};
        for (const marker of markers) if (marker.line > after) expected[marker.type] = (expected[marker.type] ?? 0) + 1;
        expect(builder.countsAfter(after)).toEqual(expected);
        expect(builder.markersAfter(after)).toEqual(markers.filter((marker) => marker.line > after));
      }),
    );
  });
});
