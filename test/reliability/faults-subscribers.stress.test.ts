/**
 * Stress size of the subscribers-across-restarts test (faults-subscribers.ts):
 * 1,000 graphql-ws subscribers (GRIDLINE_FAULT_SUBSCRIBERS overrides), run by
 * `pnpm test:stress`.
 */
import { defineSubscriberRestartTests, subscriberCount } from './faults-subscribers.js';

defineSubscriberRestartTests(subscriberCount(1_000));
