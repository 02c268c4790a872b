/** A single-line or multi-line text question. */
export interface TextPromptOptions {
  readonly message: string;
  readonly placeholder?: string;
  /** Returned when the answer is left empty. */
  readonly defaultValue?: string;
  /** Shown, editable, when the question is asked. */
  readonly initialValue?: string;
  /** A message saying what is wrong with the answer (the question is asked again), or undefined to accept it. */
  readonly validate?: (value: string) => string | undefined;
}

/** One choice of a select question. */
export interface SelectChoice<Value extends string> {
  readonly value: Value;
  readonly label: string;
  readonly hint?: string;
}

/**
 * The questions the `quorum participants` commands ask on a terminal. The CLI uses
 * `@clack/prompts`; tests pass scripted answers. Every question resolves to the answer or to
 * a cancel symbol (`isCancel`) when the person presses Ctrl-C.
 */
export interface ParticipantPrompts {
  intro(title: string): void;
  outro(message: string): void;
  text(options: TextPromptOptions): Promise<string | symbol>;
  multiline(options: TextPromptOptions): Promise<string | symbol>;
  select<Value extends string>(options: { message: string; options: readonly SelectChoice<Value>[]; initialValue?: Value }): Promise<Value | symbol>;
  confirm(options: { message: string; initialValue?: boolean }): Promise<boolean | symbol>;
  isCancel(value: unknown): value is symbol;
}

/** The real questions, on the terminal, through `@clack/prompts` (loaded only when asked for). */
export async function clackPrompts(): Promise<ParticipantPrompts> {
  const clack = await import('@clack/prompts');
  const textOptions = (options: TextPromptOptions) => ({
    message: options.message,
    ...(options.placeholder === undefined ? {} : { placeholder: options.placeholder }),
    ...(options.defaultValue === undefined ? {} : { defaultValue: options.defaultValue }),
    ...(options.initialValue === undefined ? {} : { initialValue: options.initialValue }),
    ...(options.validate === undefined ? {} : { validate: (value: string | undefined) => options.validate!(value ?? '') }),
  });
  return {
    intro: (title) => clack.intro(title),
    outro: (message) => clack.outro(message),
    text: (options) => clack.text(textOptions(options)),
    multiline: (options) => clack.multiline(textOptions(options)),
    select: <Value extends string>(options: { message: string; options: readonly SelectChoice<Value>[]; initialValue?: Value }) =>
      clack.select<Value>({
        message: options.message,
        options: options.options.map((choice) => ({ value: choice.value, label: choice.label, ...(choice.hint === undefined ? {} : { hint: choice.hint }) })) as never,
        ...(options.initialValue === undefined ? {} : { initialValue: options.initialValue }),
      }),
    confirm: (options) => clack.confirm({ message: options.message, ...(options.initialValue === undefined ? {} : { initialValue: options.initialValue }) }),
    isCancel: (value): value is symbol => clack.isCancel(value),
  };
}
