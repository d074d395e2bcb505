/**
 * CI size of the subscribers-across-restarts test (faults-subscribers.ts):
 * 200 graphql-ws subscribers; faults-subscribers.stress.test.ts runs 1,000.
 */
import { defineSubscriberRestartTests } from './faults-subscribers.js';

defineSubscriberRestartTests(200);
