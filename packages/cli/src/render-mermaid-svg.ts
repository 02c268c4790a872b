/**
 * Mermaid text drawn as a standalone SVG with beautiful-mermaid: pure JavaScript (its layout
 * is elkjs), no browser and no DOM, and it draws `stateDiagram-v2` directly.
 */
export async function renderMermaidSvg(mermaid: string): Promise<string> {
  const { renderMermaidSVG } = await import('beautiful-mermaid');
  return resolveColours(offline(renderMermaidSVG(mermaid)));
}

/**
 * The renderer's stylesheet imports the Inter font from a web font service. Without that
 * line the image opens offline and makes no request; Inter is still used where it is
 * installed, else Helvetica or Arial, whose widths are close to what the layout assumed.
 */
function offline(svg: string): string {
  return svg
    .replace(/^[ \t]*@import url\([^)]*\);[ \t]*\r?\n?/gm, '')
    .replace("font-family: 'Inter', system-ui, sans-serif;", "font-family: Inter, 'Helvetica Neue', Helvetica, Arial, system-ui, sans-serif;");
}

const CUSTOM_PROPERTY = /(--[\w-]+)\s*:\s*([^;]+);/g;

/**
 * The renderer colours everything through CSS custom properties and `color-mix()`, which
 * only browsers evaluate: image viewers, rsvg, PDF and office tools draw black shapes. Every
 * `var(--…)` is replaced by the colour it stands for, so the file looks the same everywhere.
 */
export function resolveColours(svg: string): string {
  const definitions = new Map<string, string>();
  const rootStyle = /<svg\b[^>]*\bstyle="([^"]*)"/.exec(svg)?.[1] ?? '';
  for (const [, name, value] of `${rootStyle};`.matchAll(CUSTOM_PROPERTY)) definitions.set(name!, value!.trim());
  for (const block of svg.matchAll(/<style>([\s\S]*?)<\/style>/g)) {
    for (const [, name, value] of block[1]!.matchAll(CUSTOM_PROPERTY)) if (!definitions.has(name!)) definitions.set(name!, value!.trim());
  }
  const resolve = (expression: string, depth = 0): string => {
    if (depth > 20) return expression;
    return expression
      .replace(/var\((--[\w-]+)(?:\s*,\s*((?:[^()]|\([^()]*(?:\([^()]*\))*[^()]*\))*))?\)/g, (_, name: string, fallback?: string) => {
        const value = definitions.get(name) ?? fallback;
        return value === undefined ? 'currentColor' : resolve(value, depth + 1);
      })
      .replace(/color-mix\(in srgb,\s*(#[0-9a-fA-F]{6})\s+(\d+(?:\.\d+)?)%\s*,\s*(#[0-9a-fA-F]{6})\s*\)/g, (_, a: string, percent: string, b: string) =>
        mix(a, b, Number(percent) / 100));
  };
  const withoutDefinitions = svg.replace(/<style>([\s\S]*?)<\/style>/g, (_, css: string) => `<style>${css.replace(/\s*svg\s*\{[^{}]*--[\w-]+\s*:[^{}]*\}/g, '')}</style>`);
  // Resolve nested mixes first (their arguments are colours once the inner vars resolve).
  let resolved = resolve(withoutDefinitions);
  resolved = resolve(resolved);
  return resolved;
}

function mix(a: string, b: string, share: number): string {
  const channel = (hex: string, i: number) => parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16);
  const out = [0, 1, 2].map((i) => Math.round(channel(a, i) * share + channel(b, i) * (1 - share)));
  return `#${out.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}
