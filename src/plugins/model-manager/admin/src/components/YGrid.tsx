import { useTheme } from 'styled-components';

/** A chart's horizontal grid: a line and a label at each tick, from the left padding to the right. */
export const YGrid = ({
  ticks,
  y,
  left,
  right,
  label,
}: {
  ticks: number[];
  /** a tick's vertical position */
  y: (tick: number) => number;
  left: number;
  right: number;
  label: (tick: number) => string;
}) => {
  const theme = useTheme();
  return (
    <>
      {ticks.map((tick) => (
        <g key={tick}>
          <line x1={left} x2={right} y1={y(tick)} y2={y(tick)} stroke={theme.colors.neutral200} />
          <text
            x={left - 6}
            y={y(tick) + 4}
            textAnchor="end"
            fontSize={11}
            fill={theme.colors.neutral600}
          >
            {label(tick)}
          </text>
        </g>
      ))}
    </>
  );
};
