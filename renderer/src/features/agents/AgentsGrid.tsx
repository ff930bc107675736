// The live agents grid: the shared VirtualTable with the ids the e2e and the benchmark rely on
// (data-testid="agents-grid", data-agent-id per row, data-state in the state cell), held still
// while the pointer is over it, and a count of its commits in window.__argusAgentsRenders.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgentView } from '../../../../core/contract/index.ts';
import { VirtualTable, type VirtualColumn } from '../../components/VirtualTable.tsx';

declare global {
  interface Window {
    /** Commits of the agents grid, for the benchmark (harmless in production). */
    __argusAgentsRenders?: number;
  }
}

export const agentsGridTestId = 'agents-grid';
const rowHeight = 32;
/** Fewer rows than this: the table is as tall as its rows. */
const compactRows = 12;
const rowAttribute = { name: 'data-agent-id', value: (a: AgentView) => a.agentId } as const;

export interface AgentsGridProps {
  rows: number;
  getRow(index: number): AgentView | undefined;
  columns: Array<VirtualColumn<AgentView>>;
  height: number | string;
  activeIndex: number;
  onActiveIndexChange(index: number): void;
  onOpen(agent: AgentView): void;
  rowClassName(agent: AgentView): string | undefined;
  onPointerEnter(): void;
  onPointerLeave(): void;
}

export function AgentsGrid({ rows, getRow, columns, height, activeIndex, onActiveIndexChange, onOpen, rowClassName, onPointerEnter, onPointerLeave }: AgentsGridProps) {
  const { t } = useTranslation();
  useEffect(() => {
    window.__argusAgentsRenders = (window.__argusAgentsRenders ?? 0) + 1;
  });
  return (
    <div onPointerEnter={onPointerEnter} onPointerLeave={onPointerLeave}>
      <VirtualTable<AgentView>
        label={t('agents.tableLabel')}
        rowCount={rows}
        getRow={getRow}
        columns={columns}
        rowHeight={rowHeight}
        height={rows < compactRows ? (rows + 1) * rowHeight + 2 : height}
        activeIndex={activeIndex}
        onActiveIndexChange={onActiveIndexChange}
        onOpen={onOpen}
        rowClassName={rowClassName}
        rowAttribute={rowAttribute}
        scrollTestId={agentsGridTestId}
      />
    </div>
  );
}
