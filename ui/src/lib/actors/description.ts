/**
 * A field description's small HTML subset, rebuilt node by node: bold, italics, code, line and
 * paragraph breaks, lists, and web links (opened by `openLink`). Everything else keeps only its
 * text; scripts, styles and images are dropped. The description is parsed by DOMParser into an
 * inert document, so nothing in it runs, and never assigned as HTML.
 */
const KEPT = new Set(['B', 'STRONG', 'I', 'EM', 'U', 'CODE', 'BR', 'P', 'UL', 'OL', 'LI', 'A']);
const DROPPED = new Set(['SCRIPT', 'STYLE', 'IMG', 'IFRAME', 'OBJECT', 'EMBED', 'TEMPLATE', 'SVG', 'MATH']);

export function renderDescription(html: string, target: HTMLElement, openLink: (url: string) => void): void {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  target.replaceChildren(...copy(parsed.body.childNodes, openLink));
}

function copy(nodes: NodeListOf<ChildNode>, openLink: (url: string) => void): Node[] {
  const result: Node[] = [];
  for (const node of nodes) {
    if (node.nodeType === Node.TEXT_NODE) {
      result.push(document.createTextNode(node.textContent ?? ''));
      continue;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) continue;
    const element = node as Element;
    if (DROPPED.has(element.tagName)) continue;
    const children = copy(element.childNodes, openLink);
    if (!KEPT.has(element.tagName)) {
      result.push(...children);
      continue;
    }
    const kept = document.createElement(element.tagName.toLowerCase());
    if (element.tagName === 'A') {
      const href = element.getAttribute('href') ?? '';
      if (/^https?:\/\//i.test(href)) {
        kept.setAttribute('href', href);
        kept.addEventListener('click', (event) => {
          event.preventDefault();
          openLink(href);
        });
      } else {
        result.push(...children);
        continue;
      }
    }
    kept.append(...children);
    result.push(kept);
  }
  return result;
}
