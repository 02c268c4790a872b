import { parseDiscussion } from '@quorum/format';
import { defaultMarkerSet } from '@quorum/markers';
import { countVotes, thresholdStrategy } from '@quorum/voting';
import { describe, expect, it } from 'vitest';
import { buildParseOutput } from '../src/discussion-report.js';
import { buildSummaryReport, renderSummary, type SummaryReport } from '../src/summary.js';

/** A discussion with one marker of every kind, two phases, a vote reset and a person's vote. */
const FIXTURE = `<!-- DISCUSSION -->
<!-- Title: Add rate limiting -->
<!-- Phase: consensus_vote -->
<!-- Status: OPEN -->
<!-- Template: feature -->
<!-- Participants: architect, security, Rob -->

# Add rate limiting

Our public API has no limits.

---
Name: AI-Architect

Token bucket per key.
Q: Per key or per IP? @security
Q: Do we need a global ceiling?
CONCERN: A shared Redis is a single point of failure.
TODO: Write the limits down @architect

VOTE: CHANGES

---
Name: AI-Security

A(Q1): Per key.
TODO: Add an alert
ASSIGNED(T2): @rob
DECISION: Limits are per API key | 100 a minute.

VOTE: READY

---
<!-- PHASE-TRANSITION: initial_feedback -> consensus_vote -->
<!-- VOTE-RESET: consensus_vote -->
---
Name: AI-Architect

DONE(T1): In the context now.

VOTE: READY

---
Name: Rob

Looks fine, but I want the alert first.

VOTE: CHANGES

---
Name: AI-Architect

The flow, drawn.
DIAGRAM: diagrams/add-rate-limiting/5-flow.mmd

---
`;

function report(): SummaryReport {
  const parsed = buildParseOutput(parseDiscussion(FIXTURE), [defaultMarkerSet], 'discussions/add-rate-limiting.md');
  const votes = countVotes({
    phase: parsed.phase,
    comments: parsed.comments.map((c) => ({ author: c.author, vote: c.vote, line: c.voteLine ?? c.line })),
    voteResets: parsed.events.flatMap((e) => (e.kind === 'vote-reset' ? [{ phase: e.phase, line: e.line }] : [])),
    roster: parsed.participants.map((id) => ({ id })),
    strategy: thresholdStrategy,
    options: { threshold_ready: 0.67 },
  });
  return buildSummaryReport(parsed, votes, new Map([['consensus_vote', 'Consensus vote']]));
}

const LINKS = {
  discussion: 'add-rate-limiting.md',
  discussionName: 'add-rate-limiting.md',
  diagram: (reference: string) => reference,
};

describe('the computed summary', () => {
  it('takes the header, the open questions, decisions, todos, concerns and diagrams straight from the markers', () => {
    const summary = report();
    expect(summary).toMatchObject({ title: 'Add rate limiting', phase: 'consensus_vote', status: 'OPEN', template: 'feature', comments: 5 });
    expect(summary.participants).toEqual(['architect', 'security', 'Rob']);
    expect(summary.questions.asked).toBe(2);
    expect(summary.questions.open.map((q) => [q.id, q.text, q.author])).toEqual([['Q2', 'Do we need a global ceiling?', 'AI-Architect']]);
    expect(summary.decisions.map((d) => [d.text, d.author])).toEqual([['Limits are per API key | 100 a minute.', 'AI-Security']]);
    expect(summary.todos.map((t) => [t.id, t.status, t.assignees, t.doneBy])).toEqual([
      ['T1', 'done', ['architect'], 'AI-Architect'],
      ['T2', 'open', ['rob'], null],
    ]);
    expect(summary.concerns.map((c) => c.text)).toEqual(['A shared Redis is a single point of failure.']);
    expect(summary.diagrams.map((d) => d.path)).toEqual(['diagrams/add-rate-limiting/5-flow.mmd']);
  });

  it('counts the votes of the current phase only, since its vote reset', () => {
    const { votes } = report();
    expect(votes.votes).toEqual({ 'AI-Architect': 'READY', Rob: 'CHANGES' });
    expect(votes.missing).toEqual(['security']);
    expect(votes.reached).toBe(false);
  });

  it('says who said what per phase: comments and last vote of each participant, phases in the order entered', () => {
    expect(report().phases).toEqual([
      {
        phase: 'initial_feedback',
        title: null,
        participants: [
          { author: 'AI-Architect', comments: 1, lastVote: 'CHANGES' },
          { author: 'AI-Security', comments: 1, lastVote: 'READY' },
        ],
      },
      {
        phase: 'consensus_vote',
        title: 'Consensus vote',
        participants: [
          // The architect's last comment has no vote: the last vote it cast in the phase stands.
          { author: 'AI-Architect', comments: 2, lastVote: 'READY' },
          { author: 'Rob', comments: 1, lastVote: 'CHANGES' },
        ],
      },
    ]);
  });

  it('puts a discussion without transitions in its header phase (or "discussion"), every comment in it', () => {
    const text = FIXTURE.replace(/<!-- PHASE-TRANSITION.*\n<!-- VOTE-RESET.*\n/, '').replace('<!-- Phase: consensus_vote -->\n', '');
    const parsed = buildParseOutput(parseDiscussion(text), [defaultMarkerSet], null);
    const phases = buildSummaryReport(parsed, report().votes).phases;
    expect(phases.map((p) => [p.phase, p.participants.reduce((sum, q) => sum + q.comments, 0)])).toEqual([['discussion', 5]]);
  });

  it('renders every section in a fixed order, empty ones included, with the prose first when there is one', () => {
    const text = renderSummary(report(), { text: 'The team agreed on per-key limits.', author: 'AI-Summarizer', model: 'mock:simulated', tokens: 1200, cost: 0 }, LINKS);
    const headings = text.split('\n').filter((line) => line.startsWith('#'));
    expect(headings).toEqual([
      '# Summary: Add rate limiting',
      '## In brief',
      '## Votes and consensus',
      '## Open questions (1 of 2)',
      '## Decisions (1)',
      '## Todos (1 open, 1 done)',
      '## Concerns (1)',
      '## Diagrams (1)',
      '## Who said what',
      '### `initial_feedback`',
      '### Consensus vote (`consensus_vote`)',
    ]);
    expect(text.startsWith('<!-- quorum summarize: derived from add-rate-limiting.md;')).toBe(true);
    expect(text).toContain('The team agreed on per-key limits.\n\n*Written by AI-Summarizer with mock:simulated (1200 tokens, $0.0000)');
    expect(text).toContain('- **Q2** Do we need a global ceiling? — AI-Architect, line 17');
    expect(text).toContain('- [x] **T1** Write the limits down @architect — AI-Architect, line 19 → @architect; done by AI-Architect, line 39');
    expect(text).toContain('- [ ] **T2** Add an alert — AI-Security, line 27 → @rob');
    expect(text).toContain('| AI-Architect | READY |\n| Rob | CHANGES |');
    expect(text).toContain('Not voted yet: security.');
    expect(text).toContain('- [diagrams/add-rate-limiting/5-flow.mmd](diagrams/add-rate-limiting/5-flow.mmd) — AI-Architect, line 54');
    expect(text).toContain('| AI-Architect | 2 | READY |');

    const computedOnly = renderSummary(report(), null, LINKS);
    expect(computedOnly).not.toContain('## In brief');
    expect(computedOnly).toBe(text.replace(/\n## In brief\n[\s\S]*?(?=\n## Votes)/, ''));
  });

  it("names a strategy's choice under the consensus, and nothing for a strategy that chooses none", () => {
    const plain = renderSummary(report(), null, LINKS);
    expect(plain).not.toContain('Choice:');
    const chosen = renderSummary({ ...report(), votes: { ...report().votes, choice: 'outbox' } }, null, LINKS);
    expect(chosen).toMatch(/\nConsensus: [^\n]*\.  \nChoice: outbox\.\n/);
  });

  it('keeps table rows and the header comment intact whatever the texts hold', () => {
    const base = report();
    const tricky: SummaryReport = { ...base, phases: [{ phase: 'p', title: null, participants: [{ author: 'A|B', comments: 1, lastVote: null }] }] };
    const text = renderSummary(tricky, { text: null, author: 'AI-Summarizer', model: 'mock:simulated', tokens: 0, cost: null }, { ...LINKS, discussionName: 'x--y.md' });
    expect(text).toContain('| A\\|B | 1 | — |');
    expect(text).toContain('AI-Summarizer had nothing to summarise yet.');
    expect(text).toContain('(0 tokens, cost unknown)');
    // The file name cannot close the header comment early.
    expect(text.split('\n')[0]!.slice('<!--'.length, -'-->'.length)).not.toContain('--');
  });
});
