// `{id}` of one payment intent in a route's path.
import { idParam } from '../conventions.js';

export const intentIdParam = idParam('pi_3kTq9vM2xYb8LwZp0aRc4dEf');
