import { ProgressBar } from '@strapi/design-system';
import { styled } from 'styled-components';

// The design system's bar is drawn for dark toolbars (white on grey, 10rem wide): this one spans the card.
export const WideProgressBar = styled(ProgressBar)`
  width: 100%;
  height: 1rem;
  background-color: ${({ theme }) => theme.colors.neutral150};
  & > div {
    background-color: ${({ theme }) => theme.colors.primary600};
  }
`;
