import type { Discussion, MarkerSetV1 } from '@quorum/core';
import { discussionView } from '@quorum/format';
import { DESIGN_FACETS, designFacets, extractMarkers, summarizeMarkers } from '@quorum/markers';
import { buildDesignModel, type ComponentKind, type DesignModel } from './design-model.js';
import { latestFinalDesignBlock, parseFinalDesign, SECTION_TITLES, sectionText, type DesignSection, type FinalDesignBlock } from './final-design.js';

/** A participant of the debate as the outputs describe it. */
export interface DebateParticipant {
  readonly alias: string;
  /** The comment author (`AI-Dreamer`). */
  readonly name: string;
  readonly role: string | null;
  /** Which seat: `dreamer`, `cost-cutter`, or `visualizer` (and any other participant by its alias). */
  readonly side: string;
  /** `--provider alias=model` for this persona, or null. */
  readonly providerHint: string | null;
  /** The models that wrote its comments, from their USAGE lines, in order of first use. */
  readonly models: readonly string[];
  readonly comments: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** US dollars over its comments with a known price. */
  readonly cost: number;
}

/** `design_document.json`: the structured design of one debate. */
export interface DesignDocument {
  readonly format: 'quorum-design-document';
  readonly version: 1;
  readonly topic: string;
  readonly context: string | null;
  /** The discussion's status: `ACCEPTED`, `UNRESOLVED`, or `OPEN` when the run stopped before either. */
  readonly status: string;
  /** Whether both sides accepted the final design. */
  readonly accepted: boolean;
  /** The FINAL DESIGN block (the accepted one, else the last proposed), or null when none was written. */
  readonly finalDesign: {
    readonly author: string;
    readonly phase: string | null;
    readonly line: number;
    readonly summary: string;
    readonly sections: readonly DesignSection[];
    readonly text: string;
  } | null;
  readonly components: readonly { readonly id: string; readonly label: string; readonly kind: ComponentKind; readonly source: string }[];
  /** Between component ids, with the components' labels for readers of the file. */
  readonly dataFlows: readonly { readonly from: string; readonly to: string; readonly label: string | null; readonly fromLabel: string; readonly toLabel: string }[];
  readonly storage: { readonly text: string; readonly stores: readonly string[] };
  readonly tradeOffs: readonly string[];
  /** Design facets the debate's comments cover. */
  readonly facets: readonly { readonly id: string; readonly label: string }[];
  readonly decisions: readonly { readonly text: string; readonly author: string }[];
  readonly concerns: readonly { readonly text: string; readonly author: string }[];
  readonly openQuestions: readonly { readonly id: string; readonly text: string; readonly author: string }[];
  readonly participants: readonly DebateParticipant[];
}

/** What the outputs are built from: the finished conversation and what the run knows. */
export interface DesignInput {
  readonly topic: string;
  readonly context: string | undefined;
  readonly discussion: Discussion;
  readonly markerSets: readonly MarkerSetV1[];
  readonly participants: readonly DebateParticipant[];
  /** The comment authors of the two sides, whose comments stand in for the design when there is no block. */
  readonly debaters: readonly string[];
}

/** The structured design and the model the diagram is drawn from. */
export function buildDesignDocument(input: DesignInput): { document: DesignDocument; model: DesignModel; block: FinalDesignBlock | undefined } {
  const view = discussionView(input.discussion);
  const block = latestFinalDesignBlock(input.discussion, input.markerSets);
  const parsed = block === undefined ? undefined : parseFinalDesign(block.text);
  const debaters = view.comments.filter((comment) => input.debaters.includes(comment.author));
  const model = buildDesignModel({ design: parsed, discussion: debaters.map((comment) => comment.text) });
  const summary = summarizeMarkers(extractMarkers(view.comments, input.markerSets));
  const covered = new Set(designFacets(view.comments.map((comment) => comment.text).join('\n\n')));
  const status = view.status ?? 'OPEN';
  const byId = new Map(model.components.map((component) => [component.id, component]));
  const document: DesignDocument = {
    format: 'quorum-design-document',
    version: 1,
    topic: input.topic,
    context: input.context ?? null,
    status,
    accepted: status === 'ACCEPTED',
    finalDesign:
      block === undefined || parsed === undefined
        ? null
        : { author: block.author, phase: block.phase, line: block.line, summary: parsed.summary, sections: parsed.sections, text: block.text },
    components: model.components.map(({ id, label, kind, source }) => ({ id, label, kind, source })),
    dataFlows: model.flows.map((flow) => ({ ...flow, fromLabel: byId.get(flow.from)?.label ?? flow.from, toLabel: byId.get(flow.to)?.label ?? flow.to })),
    storage: { text: sectionText(parsed, 'storage'), stores: model.components.filter((component) => component.kind === 'storage').map((component) => component.label) },
    tradeOffs: model.tradeOffs,
    facets: DESIGN_FACETS.filter((facet) => covered.has(facet.id)).map((facet) => ({ id: facet.id, label: facet.label })),
    decisions: summary.decisions.map((marker) => ({ text: marker.text, author: marker.author })),
    concerns: summary.concerns.map((marker) => ({ text: marker.text, author: marker.author })),
    openQuestions: summary.questions.filter((question) => question.status === 'open').map((question) => ({ id: question.id, text: question.text, author: question.author })),
    participants: input.participants,
  };
  return { document, model, block };
}

/** What DESIGN.md says about the session besides the design. */
export interface DesignSessionFacts {
  /** `2026-11-21 09:00 UTC`. */
  readonly date: string;
  readonly rounds: number;
  readonly durationMs: number;
  readonly tokens: number;
  readonly cost: number;
  readonly unpriced: number;
  readonly intensity: number;
  readonly diagramDetail: number;
  /** Whether the run ended at its turn or time limit and the closing phase was run. */
  readonly closed: boolean;
  /** How the run ended when it did not reach a final status (a budget, a stop). */
  readonly stopped: string | null;
  /** Whether diagram.svg was written. */
  readonly svg: boolean;
}

/** `DESIGN.md`: the design document a person reads. */
export function renderDesignMarkdown(document: DesignDocument, facts: DesignSessionFacts): string {
  const out: string[] = [];
  const line = (text = '') => out.push(text);
  line(`# ${oneLine(document.topic)}`);
  line();
  line(`> Design debate, ${facts.date} · **${document.status}** after ${plural(facts.rounds, 'round')} · [conversation](conversation.md) · [diagram](${facts.svg ? 'diagram.svg' : 'diagram.mmd'}) · [structured design](design_document.json)`);
  line();
  if (document.context !== null && document.context.trim() !== '') {
    line('## Context');
    line();
    line(document.context.trim());
    line();
  }
  line('## Outcome');
  line();
  line(outcomeText(document, facts));
  line();

  line(document.accepted ? '## Final design' : '## Last proposed design (not accepted)');
  line();
  if (document.finalDesign === null) {
    line('No FINAL DESIGN block was written. The components below are the ones the discussion named most often.');
    line();
    if (document.components.length > 0) for (const component of document.components) line(`- ${component.label} (${component.kind})`);
    else line('The discussion named no components.');
    line();
  } else {
    line(`Written by ${document.finalDesign.author}${document.finalDesign.phase === null ? '' : ` in phase ${document.finalDesign.phase}`} (conversation.md line ${document.finalDesign.line}).`);
    line();
    if (document.finalDesign.summary !== '') {
      line(document.finalDesign.summary);
      line();
    }
    const ordered = [
      ...(['components', 'data-flows', 'storage', 'trade-offs'] as const).flatMap((key) => document.finalDesign!.sections.filter((section) => section.key === key)),
      ...document.finalDesign.sections.filter((section) => section.key === 'other'),
    ];
    for (const section of ordered) {
      line(`### ${section.key === 'other' ? oneLine(section.title) : SECTION_TITLES[section.key]}`);
      line();
      line(demoteHeadings(section.text));
      line();
    }
  }

  line('## Architecture diagram');
  line();
  if (facts.svg) line('![Architecture diagram](diagram.svg)');
  else line('The SVG could not be drawn; the diagram is in [diagram.mmd](diagram.mmd).');
  line();
  line(`Detail level ${facts.diagramDetail} of 10; the Mermaid source is [diagram.mmd](diagram.mmd).`);
  line();
  if (document.dataFlows.length > 0) {
    line('Data flows:');
    line();
    for (const flow of document.dataFlows) line(`- ${flow.fromLabel} → ${flow.toLabel}${flow.label === null ? '' : ` (${flow.label})`}`);
    line();
  }

  list(out, 'Key decisions', document.decisions.map((item) => `${oneLine(item.text)} — ${item.author}`));
  list(out, 'Concerns', document.concerns.map((item) => `${oneLine(item.text)} — ${item.author}`));
  list(out, 'Open questions', document.openQuestions.map((item) => `${item.id}: ${oneLine(item.text)} — ${item.author}`));

  line('## Design facets covered');
  line();
  line(document.facets.length === 0 ? 'None of the design facets Quorum knows.' : `${document.facets.map((facet) => facet.label).join(', ')} (${document.facets.length} of ${DESIGN_FACETS.length}).`);
  line();

  line('## Participants');
  line();
  line('| Participant | Side | Role | Models | Comments | Tokens | Cost |');
  line('| --- | --- | --- | --- | --- | --- | --- |');
  for (const participant of document.participants) {
    const models = participant.models.length === 0 ? (participant.providerHint ?? '—') : participant.models.join(', ');
    line(
      `| ${cell(participant.name)} (@${participant.alias}) | ${cell(participant.side)} | ${cell(participant.role ?? '—')} | ${cell(models)} | ${participant.comments} | ${participant.inputTokens + participant.outputTokens} | $${participant.cost.toFixed(4)} |`,
    );
  }
  line();
  line('## Session');
  line();
  line(`- Rounds: ${facts.rounds}${facts.closed ? ' (the turn or time limit was reached, then the closing phase ran)' : ''}`);
  line(`- Duration: ${(facts.durationMs / 1000).toFixed(1)} s`);
  line(`- Tokens: ${facts.tokens}; cost: $${facts.cost.toFixed(4)}${facts.unpriced > 0 ? ` (${plural(facts.unpriced, 'comment')} by models without a known price not counted)` : ''}`);
  line(`- Debate intensity: ${facts.intensity} of 10`);
  line('- Settings, timings and models per persona: [session.json](session.json)');
  return `${out.join('\n')}\n`;
}

function outcomeText(document: DesignDocument, facts: DesignSessionFacts): string {
  const sides = document.participants.filter((participant) => participant.side === 'dreamer' || participant.side === 'cost-cutter').map((participant) => participant.name);
  const both = sides.length === 2 ? `${sides[0]} and ${sides[1]}` : 'Both sides';
  if (document.accepted) {
    return `${both} accepted the final design${facts.closed ? ' in the closing phase, after the debate reached its limit' : ''}.`;
  }
  if (facts.stopped !== null) return `The debate stopped before an outcome: ${facts.stopped}.`;
  if (document.status === 'UNRESOLVED') return `${both} did not accept a final design before the closing phase ran out of rounds (status UNRESOLVED).`;
  return `The debate ended with status ${document.status}.`;
}

function list(out: string[], title: string, items: readonly string[]): void {
  if (items.length === 0) return;
  out.push(`## ${title}`, '', ...items.map((item) => `- ${item}`), '');
}

/** Headings inside a section sit below its `###`. */
function demoteHeadings(text: string): string {
  return text.replace(/^(\s{0,3})(#{1,5})(\s)/gm, (_, indent: string, hashes: string, space: string) => `${indent}${'#'.repeat(Math.max(4, hashes.length + 3)).slice(0, 6)}${space}`);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function cell(text: string): string {
  return oneLine(text).replace(/\|/g, '\\|');
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
