/** The small UI kit of the web apps (no component library: the citizen portal must be light). */
export { Button, ButtonLink, type ButtonProps } from './Button.tsx';
export { Alert, ErrorAlert, Loading, Tag, type Tone } from './feedback.tsx';
export { CheckboxGroup, type ChoiceOption, RadioGroup, Select, TextField } from './fields.tsx';
export { ExternalLink, Link } from './Link.tsx';
export {
  Breadcrumbs,
  type Crumb,
  type NavItem,
  PageLayout,
  PageTitle,
  SkipLink,
} from './layout.tsx';
// form-extras.tsx and summary.tsx are imported directly by the pages that use them, so that they
// stay out of the first load (a name re-exported here is bundled with the first page).
