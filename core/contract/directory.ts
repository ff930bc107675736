/** The WFM directory (employees as the gateway stores them after sync). */
import { z } from 'zod';
import { paging } from './common.ts';

/** An employee as core/sync/directory.ts reads it (its Employee is this type). */
export const employeeSchema = z.object({
  externalId: z.string(),
  tabN: z.string(),
  fullName: z.string(),
  lastName: z.string(),
  firstName: z.string(),
  secondName: z.string(),
  hireDate: z.string(),
  terminationDate: z.string().nullable(),
  positionId: z.string().nullable(),
  positionName: z.string().nullable(),
  positionChangeDate: z.string().nullable(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  rate: z.number().nullable(),
  normWeek: z.number(),
  normWeekChangeDate: z.string().nullable(),
  login: z.string().nullable(),
  sn: z.string().nullable(),
  dbId: z.string().nullable(),
  area: z.string().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deactivatedAt: z.string().nullable(),
});

export const directoryListInput = z
  .object({
    search: z.string().max(200).optional(),
    active: z.boolean().optional(),
    departmentId: z.string().min(1).max(200).optional(),
    area: z.string().min(1).max(200).optional(),
    ...paging(100, 5000),
  })
  .strict();
export const directoryListOutput = z.object({ total: z.number().int().min(0), employees: z.array(employeeSchema) });

/** A quick lookup for search boxes: a few best matches, no paging. */
export const directorySearchInput = z
  .object({ query: z.string().trim().min(1, 'type something to search for').max(200), limit: z.number().int().min(1).max(50).default(10) })
  .strict();
export const directorySearchOutput = z.object({ employees: z.array(employeeSchema) });

export type Employee = z.infer<typeof employeeSchema>;
