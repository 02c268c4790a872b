import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { candidateTopics, dailyTopic, loadTopics, noMatchNotice, parseDate, parseKeywords, randomTopic, seededRandom, topicMatches, type Topic } from '../src/debate/topics.js';

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

const TOPICS: Topic[] = [
  { title: 'Design a URL shortener', tags: ['web', 'storage'] },
  { title: 'Design an API rate limiter', tags: ['api', 'security'] },
  { title: 'Design a chat app', tags: ['real-time', 'mobile'] },
  { title: 'Design an audit log', tags: ['security', 'compliance'] },
  { title: 'Design a feature store for ML', tags: ['data'] },
];

describe('the bundled topic list', () => {
  it('has at least 60 distinct one-line topics, each with tags', async () => {
    const topics = await loadTopics();
    expect(topics.length).toBeGreaterThanOrEqual(60);
    expect(new Set(topics.map((topic) => topic.title.toLowerCase())).size).toBe(topics.length);
    for (const topic of topics) {
      expect(topic.title).toMatch(/^Design /);
      expect(topic.tags.length).toBeGreaterThan(0);
    }
  });

  it('says which file is wrong and how', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'quorum-topics-'));
    made.push(dir);
    const file = path.join(dir, 'topics.json');
    await writeFile(file, JSON.stringify({ topics: [{ title: 'Design a cache', tags: 'cache' }] }));
    await expect(loadTopics(file)).rejects.toThrow(`the topic list ${file}: topic 1 ("Design a cache") has "tags" that are not a list of strings`);
    await writeFile(file, '{');
    await expect(loadTopics(file)).rejects.toThrow(/is not valid JSON/);
  });
});

describe('keywords', () => {
  it('match tags and whole words of the title, any case', () => {
    expect(topicMatches(TOPICS[1]!, 'security')).toBe(true);
    expect(topicMatches(TOPICS[1]!, 'API')).toBe(true);
    expect(topicMatches(TOPICS[4]!, 'ml')).toBe(true);
    expect(topicMatches(TOPICS[0]!, 'short')).toBe(false);
    expect(topicMatches(TOPICS[2]!, 'time')).toBe(true);
  });

  it('narrow the candidates to the matching topics, or leave them all when none match', () => {
    expect(candidateTopics(TOPICS, ['security']).candidates.map((t) => t.title)).toEqual(['Design an API rate limiter', 'Design an audit log']);
    expect(candidateTopics(TOPICS, ['quantum'])).toEqual({ candidates: TOPICS, matched: false });
    expect(noMatchNotice(randomTopic(TOPICS, ['quantum'], () => 0))).toBe('no topic matches quantum, so the topic was picked from all 5 topics');
    expect(noMatchNotice(randomTopic(TOPICS, ['security'], () => 0))).toBeUndefined();
  });

  it('are read from a comma-separated option', () => {
    expect(parseKeywords(' Security, edge ,,security')).toEqual(['security', 'edge']);
    expect(() => parseKeywords(' , ')).toThrow('--keywords needs at least one keyword, such as --keywords security,edge');
  });

  it('always pick a matching topic when one matches', () => {
    fc.assert(
      fc.property(fc.subarray(['security', 'api', 'mobile', 'data', 'storage', 'nothing-here']), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (keywords, roll) => {
        const choice = randomTopic(TOPICS, keywords, () => roll);
        if (keywords.some((keyword) => TOPICS.some((topic) => topicMatches(topic, keyword)))) expect(keywords.some((keyword) => topicMatches(choice.topic, keyword))).toBe(true);
        else expect(choice.matched).toBe(keywords.length === 0);
      }),
    );
  });
});

describe('the daily topic', () => {
  it('is the same for the same date and keywords, whatever their order', async () => {
    const topics = await loadTopics();
    expect(dailyTopic(topics, [], '2026-01-01').topic).toEqual(dailyTopic(topics, [], '2026-01-01').topic);
    expect(dailyTopic(topics, ['security', 'edge'], '2026-03-09').topic).toEqual(dailyTopic(topics, ['edge', 'security'], '2026-03-09').topic);
  });

  it('changes every day and goes through every candidate before repeating', () => {
    const days = Array.from({ length: TOPICS.length }, (_, index) => new Date(Date.UTC(2026, 0, 1 + index)).toISOString().slice(0, 10));
    const titles = days.map((date) => dailyTopic(TOPICS, [], date).topic.title);
    expect(new Set(titles).size).toBe(TOPICS.length);
    expect(dailyTopic(TOPICS, [], '2026-01-06').topic).toEqual(dailyTopic(TOPICS, [], '2026-01-01').topic);
  });

  it('keeps to the topics the keywords match', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), (date) => {
        const choice = dailyTopic(TOPICS, ['security'], date.toISOString().slice(0, 10));
        expect(choice.topic.tags).toContain('security');
      }),
    );
  });

  it('takes only real dates', () => {
    expect(parseDate('2026-02-28')).toBe('2026-02-28');
    expect(() => parseDate('2026-02-30')).toThrow('--date must be a date written YYYY-MM-DD, such as 2026-01-31, not "2026-02-30"');
    expect(() => parseDate('tomorrow')).toThrow(/YYYY-MM-DD/);
  });
});

describe('the random topic', () => {
  it('repeats for the same seed', async () => {
    const topics = await loadTopics();
    fc.assert(
      fc.property(fc.string(), (seed) => {
        expect(randomTopic(topics, [], seededRandom(seed)).topic).toEqual(randomTopic(topics, [], seededRandom(seed)).topic);
      }),
    );
  });

  it('spreads over the list', async () => {
    const topics = await loadTopics();
    const picked = new Set(Array.from({ length: 200 }, (_, index) => randomTopic(topics, [], seededRandom(`seed-${index}`)).topic.title));
    expect(picked.size).toBeGreaterThan(topics.length / 2);
  });

  it('gives numbers in [0, 1) from any seed', () => {
    fc.assert(
      fc.property(fc.string(), (seed) => {
        const next = seededRandom(seed);
        for (let index = 0; index < 20; index++) {
          const value = next();
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThan(1);
        }
      }),
    );
  });
});
