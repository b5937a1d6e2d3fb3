// The few DOM matchers the taskpane tests use (a small stand-in for @testing-library/jest-dom).
export {};

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Jest's matcher types live in this namespace
  namespace jest {
    interface Matchers<R> {
      toBeInTheDocument(): R;
      toHaveFocus(): R;
      toHaveValue(value: string): R;
      toHaveAttribute(name: string, value?: string): R;
      toBeDisabled(): R;
      toBeEnabled(): R;
      toBeChecked(): R;
      toHaveTextContent(text: string | RegExp): R;
    }
  }
}

const element = (value: unknown): Element => {
  if (!(value instanceof Element)) throw new Error(`expected a DOM element, got ${String(value)}`);
  return value;
};
const isDisabled = (el: Element) => (el as HTMLButtonElement).disabled === true || el.getAttribute('aria-disabled') === 'true';

expect.extend({
  toBeInTheDocument(received: unknown) {
    const pass = received instanceof Element && received.ownerDocument.contains(received);
    return { pass, message: () => `expected element ${pass ? 'not ' : ''}to be in the document` };
  },
  toHaveFocus(received: unknown) {
    const el = element(received);
    const pass = el.ownerDocument.activeElement === el;
    return { pass, message: () => `expected ${el.outerHTML.slice(0, 80)} ${pass ? 'not ' : ''}to have focus (focus is on ${el.ownerDocument.activeElement?.outerHTML.slice(0, 80)})` };
  },
  toHaveValue(received: unknown, value: string) {
    const actual = (element(received) as HTMLInputElement).value;
    return { pass: actual === value, message: () => `expected value ${JSON.stringify(value)}, got ${JSON.stringify(actual)}` };
  },
  toHaveAttribute(received: unknown, name: string, value?: string) {
    const actual = element(received).getAttribute(name);
    const pass = value === undefined ? actual !== null : actual === value;
    return { pass, message: () => `expected attribute ${name}${value === undefined ? '' : `=${JSON.stringify(value)}`}, got ${JSON.stringify(actual)}` };
  },
  toBeDisabled(received: unknown) {
    const pass = isDisabled(element(received));
    return { pass, message: () => `expected element ${pass ? 'not ' : ''}to be disabled` };
  },
  toBeEnabled(received: unknown) {
    const pass = !isDisabled(element(received));
    return { pass, message: () => `expected element ${pass ? 'not ' : ''}to be enabled` };
  },
  toBeChecked(received: unknown) {
    const el = element(received);
    const pass = (el as HTMLInputElement).checked === true || el.getAttribute('aria-checked') === 'true';
    return { pass, message: () => `expected element ${pass ? 'not ' : ''}to be checked` };
  },
  toHaveTextContent(received: unknown, text: string | RegExp) {
    const actual = element(received).textContent ?? '';
    const pass = typeof text === 'string' ? actual.includes(text) : text.test(actual);
    return { pass, message: () => `expected text ${String(text)} in ${JSON.stringify(actual.slice(0, 300))}` };
  },
});
