import { Box, TextButton, Typography } from '@strapi/design-system';
import { useState } from 'react';
import { styled } from 'styled-components';
import { useT } from '../hooks/useT';

// Debate answers run to hundreds of words: a few lines each, the whole text on hover or on "Show all".
const Clamped = styled(Typography)<{ $lines: number }>`
  display: -webkit-box;
  -webkit-line-clamp: ${({ $lines }) => $lines};
  -webkit-box-orient: vertical;
  overflow: hidden;
  overflow-wrap: anywhere;
`;

/** A long text cut to `lines` lines, whole in its title, and expandable when it is long enough to be cut. */
export const ClampedText = ({
  text,
  lines = 3,
  expandAfter = 160,
}: {
  text: string;
  lines?: number;
  expandAfter?: number;
}) => {
  const t = useT();
  const [open, setOpen] = useState(false);
  const long = text.length > expandAfter;
  return (
    <Box>
      {open ? (
        <Typography variant="omega" style={{ overflowWrap: 'anywhere' }} data-testid="clamped-text">
          {text}
        </Typography>
      ) : (
        <Clamped variant="omega" title={text} $lines={lines} data-testid="clamped-text">
          {text}
        </Clamped>
      )}
      {long && (
        <TextButton onClick={() => setOpen(!open)} aria-expanded={open}>
          {t(open ? 'common.showLess' : 'common.showAll')}
        </TextButton>
      )}
    </Box>
  );
};
