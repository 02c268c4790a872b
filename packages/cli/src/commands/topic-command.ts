import type { Command } from 'commander';
import type { Project } from '../project.js';
import { now } from '../clock.js';

interface TopicOptions {
  keywords?: string;
  seed?: string;
  date?: string;
  json?: boolean;
}

/** `quorum topic random|daily`: a software-design topic from the bundled list, for `quorum debate`. */
export function registerTopic(program: Command, project: Project): void {
  const topic = program
    .command('topic')
    .description('pick a software-design topic to debate from the bundled list')
    .addHelpText(
      'after',
      '\nThe list is topics/topics.json (each topic with tags). --keywords prefers topics whose title or tags\n' +
        'contain one of the keywords as a whole word; when none does, the pick is from every topic and Quorum\n' +
        'says so. The topic is printed alone on standard output:\n\n' +
        '  quorum debate "$(quorum topic random --keywords security)"',
    );
  topic
    .command('random')
    .description('a topic at random')
    .option('--keywords <a,b>', 'prefer topics about these keywords')
    .option('--seed <text>', 'the same topic every time for the same seed (and keywords)')
    .option('--json', 'print the topic, its tags and whether a keyword matched as JSON')
    .action(async (options: TopicOptions) => {
      const { loadTopics, parseKeywords, randomTopic, seededRandom } = await import('../debate/topics.js');
      const keywords = options.keywords === undefined ? [] : parseKeywords(options.keywords);
      const choice = randomTopic(await loadTopics(), keywords, options.seed === undefined ? Math.random : seededRandom(options.seed));
      await print(project, choice, options.json === true);
    });
  topic
    .command('daily')
    .description("today's topic: the same for everyone all day (UTC), a different one each day")
    .option('--keywords <a,b>', 'prefer topics about these keywords')
    .option('--date <YYYY-MM-DD>', "that day's topic instead of today's")
    .option('--json', 'print the topic, its tags, the date and whether a keyword matched as JSON')
    .action(async (options: TopicOptions) => {
      const { dailyTopic, loadTopics, parseDate, parseKeywords } = await import('../debate/topics.js');
      const keywords = options.keywords === undefined ? [] : parseKeywords(options.keywords);
      const date = options.date === undefined ? now(project.io.env).slice(0, 10) : parseDate(options.date);
      const choice = dailyTopic(await loadTopics(), keywords, date);
      await print(project, choice, options.json === true, date);
    });
}

async function print(project: Project, choice: import('../debate/topics.js').TopicChoice, json: boolean, date?: string): Promise<void> {
  const { noMatchNotice } = await import('../debate/topics.js');
  const notice = noMatchNotice(choice);
  if (notice !== undefined) project.io.err(`note: ${notice}\n`);
  if (json) {
    const { topic, keywords, matched, candidates } = choice;
    project.io.out(`${JSON.stringify({ topic: topic.title, tags: topic.tags, ...(date === undefined ? {} : { date }), keywords, matched, candidates }, null, 2)}\n`);
    return;
  }
  project.io.out(`${choice.topic.title}\n`);
}
