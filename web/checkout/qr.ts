// A QR code drawn in the browser as SVG (uqr encodes it; no image service sees the payment request): one
// path of unit squares for the dark modules, on a light background with the quiet zone QR readers need.
import { type SVGTemplateResult, svg } from 'lit-html';
import { encode } from 'uqr';

export function qrCode(text: string, label: string): SVGTemplateResult {
  // Medium error correction: survives a smudged screen; a 4-module quiet zone, as the standard asks.
  const { data, size } = encode(text, { ecc: 'M', border: 4 });
  let path = '';
  data.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) path += `M${x} ${y}h1v1h-1z`;
    });
  });
  return svg`<svg class="qr" role="img" aria-label=${label} viewBox=${`0 0 ${size} ${size}`} shape-rendering="crispEdges">
    <rect width=${size} height=${size} fill="#ffffff" />
    <path d=${path} fill="#000000" />
  </svg>`;
}
