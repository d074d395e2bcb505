// ECharts, tree-shaken: only the chart types and components the console draws
// (line and bar charts with a grid, tooltip, legend, reference lines and
// markers) on the canvas renderer. Everything else of ECharts stays out of the
// bundle; add a `use([...])` entry here before using another chart type.
// Imported only by EChart.tsx, which is itself loaded lazily.
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendPlainComponent, MarkLineComponent, MarkPointComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([LineChart, BarChart, GridComponent, TooltipComponent, LegendPlainComponent, MarkLineComponent, MarkPointComponent, CanvasRenderer]);

export { init };
export type { EChartsCoreOption as ChartOption, EChartsType } from 'echarts/core';
