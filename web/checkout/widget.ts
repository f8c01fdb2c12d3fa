// The widget's entry: `<script type="module" src="https://<gateway>/assets/widget.js">` defines
// <pmt-checkout>; bundlers import the same module for the class.
import { defineCheckoutElement } from './element.js';

defineCheckoutElement();

export { type CheckoutEventName, defineCheckoutElement, PmtCheckout } from './element.js';
export type { PublicIntent } from './types.js';
