import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { StorageError } from '@quorum/core';
import { defaultMarkerSet, extractMarkers, summarizeMarkers } from '@quorum/markers';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { diagramFolderOf, diagramRewriter, fileStem, findMermaidBlocks, resolveDiagramReference, saveReplyDiagrams } from '../src/diagram-files.js';

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A discussions folder with `add-rate-limiting.md` in it (the file itself is not needed). */
async function discussionsDir(): Promise<{ discussion: string; folder: ReturnType<typeof diagramFolderOf> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'quorum-diagrams-'));
  made.push(dir);
  const discussion = path.join(dir, 'add-rate-limiting.md');
  return { discussion, folder: diagramFolderOf(discussion) };
}

/** The paths of a text's DIAGRAM: markers, as `quorum diagram` reads them. */
function diagramPaths(text: string): string[] {
  return summarizeMarkers(extractMarkers([{ author: 'AI-Visualizer', text, textLine: 1 }], [defaultMarkerSet])).diagrams.map((d) => d.path);
}

const FLOW = 'flowchart LR\n  web["Web app"] -->|"order JSON"| api["Orders API"]';

describe('diagram files of a reply', () => {
  it('saves a block the reply introduced with its own DIAGRAM: line under that name, keeping the caption', async () => {
    const { discussion, folder } = await discussionsDir();
    const reply = `Here is the flow.\n\nDIAGRAM: diagrams/Checkout Flow.mmd\nCheckout: what flows where.\n\`\`\`mermaid\n${FLOW}\n\`\`\`\n\n- Payments are proposed, not agreed.`;
    const { text, saved } = await saveReplyDiagrams(reply, { folder, number: 7, alias: 'visualizer' });
    expect(text).toBe('Here is the flow.\n\nDIAGRAM: diagrams/add-rate-limiting/7-checkout-flow.mmd\nCheckout: what flows where.\n\n- Payments are proposed, not agreed.');
    expect(saved).toEqual([{ file: path.join(folder.folder, '7-checkout-flow.mmd'), reference: 'diagrams/add-rate-limiting/7-checkout-flow.mmd', created: true }]);
    expect(await readFile(saved[0]!.file, 'utf8')).toBe(`${FLOW}\n`);
    // The marker resolves relative to the discussion file, to the file just written.
    expect(diagramPaths(text).map((reference) => resolveDiagramReference(discussion, reference))).toEqual([saved[0]!.file]);
  });

  it('puts a DIAGRAM: line where a block without one was, named after the alias, numbering further blocks', async () => {
    const { folder } = await discussionsDir();
    const reply = `Two views.\n\n\`\`\`mermaid\n${FLOW}\n\`\`\`\n\nAnd the states:\n\n~~~ Mermaid\nstateDiagram-v2\n  [*] --> Open\n~~~`;
    const { text, saved } = await saveReplyDiagrams(reply, { folder, number: 3, alias: 'visualizer' });
    expect(text).toBe('Two views.\n\nDIAGRAM: diagrams/add-rate-limiting/3-visualizer.mmd\n\nAnd the states:\n\nDIAGRAM: diagrams/add-rate-limiting/3-visualizer-2.mmd');
    expect(await readFile(saved[1]!.file, 'utf8')).toBe('stateDiagram-v2\n  [*] --> Open\n');
  });

  it('never overwrites a file: a taken name gets the next number, a file with the same diagram is used again', async () => {
    const { folder } = await discussionsDir();
    await mkdir(folder.folder, { recursive: true });
    await writeFile(path.join(folder.folder, '4-visualizer.mmd'), 'flowchart TD\n  a --> b\n');
    const reply = `\`\`\`mermaid\n${FLOW}\n\`\`\``;
    const first = await saveReplyDiagrams(reply, { folder, number: 4, alias: 'visualizer' });
    expect(first.saved.map((s) => [path.basename(s.file), s.created])).toEqual([['4-visualizer-2.mmd', true]]);
    expect(await readFile(path.join(folder.folder, '4-visualizer.mmd'), 'utf8')).toBe('flowchart TD\n  a --> b\n');
    // The same reply written again (a run resumed after a crash) refers to the same file.
    const again = await saveReplyDiagrams(reply, { folder, number: 4, alias: 'visualizer' });
    expect(again).toEqual({ text: first.text, saved: [{ ...first.saved[0]!, created: false }] });
    expect((await readdir(folder.folder)).sort()).toEqual(['4-visualizer-2.mmd', '4-visualizer.mmd']);
  });

  it('keeps proposed names inside the folder: only a safe file name is taken from them', async () => {
    const { folder } = await discussionsDir();
    for (const [proposed, stem] of [
      ['../../../etc/passwd', 'passwd'],
      ['C:\\Users\\me\\Über Flow.MMD', 'uber-flow'],
      ['/abs/.hidden', 'hidden'],
      ['diagrams/..', ''],
      ['`diagrams/x y.mmd`', 'x-y'],
    ] as const) {
      expect(fileStem(proposed)).toBe(stem);
    }
    const reply = `DIAGRAM: ../../../etc/passwd\n\`\`\`mermaid\n${FLOW}\n\`\`\``;
    const { saved } = await saveReplyDiagrams(reply, { folder, number: 1, alias: 'visualizer' });
    expect(saved[0]!.file).toBe(path.join(folder.folder, '1-passwd.mmd'));
  });

  it('leaves text without Mermaid blocks exactly as it was, and does not take blocks inside other code blocks', async () => {
    const { folder } = await discussionsDir();
    for (const reply of ['Plain text.\r\nWith CRLF.', '````markdown\n```mermaid\nflowchart LR\n```\n````', '- ```mermaid\n  flowchart LR\n  ```', '```js\nconst mermaid = 1;\n```']) {
      expect(await saveReplyDiagrams(reply, { folder, number: 1, alias: 'visualizer' })).toEqual({ text: reply, saved: [] });
    }
  });

  it('numbers files after the comment the reply becomes, whether the engine appends each reply at once or a round in one write', async () => {
    const block = `\`\`\`mermaid\n${FLOW}\n\`\`\``;
    const names = async (appendEach: boolean) => {
      const { discussion } = await discussionsDir();
      let inFile = 4;
      const rewrite = diagramRewriter({ discussion, comments: inFile, countComments: async () => inFile });
      for (const texts of [[block, 'plain', block], ['plain', block]]) {
        for (const [index, text] of texts.entries()) {
          await rewrite({ alias: `p${index}`, author: `AI-P${index}`, text });
          if (appendEach) inFile++;
        }
        if (!appendEach) inFile += texts.length;
      }
      return (await readdir(diagramFolderOf(discussion).folder)).sort();
    };
    // Comments 5, 6 and 7 in the first round, 8 and 9 in the second: the diagrams are in 5, 7 and 9.
    expect(await names(true)).toEqual(['5-p0.mmd', '7-p2.mmd', '9-p1.mmd']);
    expect(await names(false)).toEqual(['5-p0.mmd', '7-p2.mmd', '9-p1.mmd']);
  });

  it('fails the run with one sentence when the folder cannot be written', async () => {
    const { discussion, folder } = await discussionsDir();
    await writeFile(folder.root, 'a file where the diagrams folder should be');
    const rewrite = diagramRewriter({ discussion, comments: 1, countComments: async () => 1 });
    const failure = await rewrite({ alias: 'visualizer', author: 'AI-Visualizer', text: `\`\`\`mermaid\n${FLOW}\n\`\`\`` }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StorageError);
    expect((failure as Error).message).toMatch(/^could not save the diagram in AI-Visualizer's reply to diagrams\/add-rate-limiting\/ \(E[A-Z]+\); make that folder writable, then run again to continue$/);
    // Replies without diagrams never touch the disk (nor read the discussion).
    const untouched = diagramRewriter({ discussion, comments: 0, countComments: () => Promise.reject(new Error('not asked')) });
    expect(await untouched({ alias: 'architect', author: 'AI-Architect', text: 'No diagrams here.' })).toBe('No diagrams here.');
  });
});

/** One line of prose that no fence rule reads as a fence. */
const proseLine = fc
  .oneof(
    fc.string({ maxLength: 30 }),
    fc.constantFrom('DIAGRAM: diagrams/flow.mmd', '- DIAGRAM: `diagrams/x.mmd`', 'Caption: the flow.', 'TODO: draw it', '', '   ', 'mermaid', '> quoted'),
  )
  .map((line) => line.replace(/[\r\n]/g, ' '))
  .filter((line) => !/^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))*[ \t]*(?:`{3,}|~{3,})/.test(line));

/** A line that could close a fence (after any indentation, quote marks or bullets). */
const CLOSING_LIKE = /^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))*[ \t]*(?:`{3,}|~{3,})[ \t]*$/;

/** A Mermaid block as models write them: fence, info string, indentation and body vary. */
const mermaidSegment = fc
  .record({
    fence: fc.constantFrom('```', '~~~', '````', '~~~~~'),
    info: fc.constantFrom('mermaid', 'Mermaid', 'MERMAID', 'mermaid title="flow"', 'mermaid '),
    indent: fc.integer({ min: 0, max: 3 }),
    body: fc.array(fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('flowchart LR', '  a --> b', 'DIAGRAM: inside', '```js', '')), { maxLength: 5 }),
    claim: fc.option(fc.tuple(fc.constantFrom('DIAGRAM: diagrams/flow.mmd', 'DIAGRAM: ../secret', 'DIAGRAM:'), fc.option(fc.constantFrom('A caption.', ''), { nil: undefined })), { nil: undefined }),
  })
  .map(({ fence, info, indent, body, claim }) => {
    const pad = ' '.repeat(indent);
    // A body line never closes its own fence (it would end the block there).
    const lines = body.map((line) => line.replace(/[\r\n]/g, ' ')).filter((line) => !CLOSING_LIKE.test(line));
    const before = claim === undefined ? [] : [claim[0], ...(claim[1] === undefined ? [] : [claim[1]])];
    return { kind: 'mermaid' as const, lines: [...before, `${pad}${fence}${info}`, ...lines.map((line) => `${pad}${line}`), `${pad}${fence}`], body: lines.join('\n') };
  });

/** A code block of another language, sometimes holding a Mermaid example that must stay. */
const otherCode = fc.constantFrom(
  { kind: 'code' as const, lines: ['````markdown', '```mermaid', 'flowchart LR', '```', '````'] },
  { kind: 'code' as const, lines: ['```js', 'const x = "```mermaid";', '```'] },
  { kind: 'code' as const, lines: ['- ```mermaid', '  flowchart LR', '  ```'] },
);

const replyArbitrary = fc
  .record({
    segments: fc.array(fc.oneof(proseLine.map((line) => ({ kind: 'prose' as const, lines: [line] })), mermaidSegment, otherCode), { maxLength: 8 }),
    unclosed: fc.option(fc.array(proseLine, { maxLength: 3 }), { nil: undefined }),
  })
  .map(({ segments, unclosed }) => {
    const lines = segments.flatMap((segment) => segment.lines);
    const bodies = segments.flatMap((segment) => (segment.kind === 'mermaid' ? [segment.body] : []));
    if (unclosed !== undefined) {
      lines.push('```mermaid', ...unclosed);
      bodies.push(unclosed.join('\n'));
    }
    return { text: lines.join('\n'), bodies };
  });

describe('diagram files of any reply (property)', () => {
  it('hold every Mermaid block exactly once, named inside the folder, never overwriting a file', async () => {
    const names = fc.uniqueArray(fc.constantFrom('1-visualizer.mmd', '1-visualizer-2.mmd', '1-flow.mmd', '1-secret.mmd', 'notes.txt'), { maxLength: 4 });
    await fc.assert(
      fc.asyncProperty(replyArbitrary, names, fc.nat(), async ({ text, bodies }, existing, pick) => {
        const { folder } = await discussionsDir();
        await mkdir(folder.folder, { recursive: true });
        const before = new Map<string, string>();
        for (const [index, name] of existing.entries()) {
          // Some existing files hold one of the reply's diagrams already, others something else.
          const content = bodies.length > 0 && (pick + index) % 2 === 0 ? `${bodies[(pick + index) % bodies.length]}\n` : `old ${name}\n`;
          await writeFile(path.join(folder.folder, name), content);
          before.set(name, content);
        }

        const { text: rewritten, saved } = await saveReplyDiagrams(text, { folder, number: 1, alias: 'visualizer' });

        // Every block is in exactly one file, in order, and no block is left in the text.
        expect(saved).toHaveLength(bodies.length);
        for (const [index, diagram] of saved.entries()) expect(await readFile(diagram.file, 'utf8')).toBe(`${bodies[index]}\n`);
        expect(new Set(saved.map((s) => s.file)).size).toBe(saved.length);
        expect(findMermaidBlocks(rewritten)).toEqual([]);
        // Each file is named once in the text, on a DIAGRAM: line that resolves to it.
        const lines = rewritten.split('\n');
        for (const diagram of saved) expect(lines.filter((line) => line === `DIAGRAM: ${diagram.reference}`)).toHaveLength(1);
        // Names stay inside the discussion's folder.
        for (const diagram of saved) {
          expect(path.dirname(diagram.file)).toBe(folder.folder);
          expect(path.basename(diagram.file)).toMatch(/^1-[a-z0-9_-]+\.mmd$/);
          expect(diagram.reference).toBe(`diagrams/add-rate-limiting/${path.basename(diagram.file)}`);
        }
        // Files that were there are unchanged; a reused one held the same diagram.
        for (const [name, content] of before) expect(await readFile(path.join(folder.folder, name), 'utf8')).toBe(content);
        for (const diagram of saved.filter((s) => !s.created)) expect(before.has(path.basename(diagram.file))).toBe(true);
        // Everything else in the reply is kept, in order.
        const blocks = findMermaidBlocks(text);
        const dropped = new Set(blocks.flatMap((block) => [...Array.from({ length: block.end - block.start }, (_, i) => block.start + i), ...(block.claim === null ? [] : [block.claim.line])]));
        const kept = text.split('\n').filter((_, index) => !dropped.has(index));
        const ours = new Set(saved.map((s) => `DIAGRAM: ${s.reference}`));
        if (blocks.length === 0) expect(rewritten).toBe(text);
        else expect(lines.filter((line) => !ours.has(line)).join('\n').trimEnd()).toBe(kept.join('\n').trimEnd());
      }),
    );
  });
});
