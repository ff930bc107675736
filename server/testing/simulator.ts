/** A small 1C simulator for host tests. */
import { startOnecSimulator } from '../../simulators/onec/server.ts';

export function startSimulatorForTest(employees = 30) {
  return startOnecSimulator({ port: 0, employees, seed: 5 });
}
