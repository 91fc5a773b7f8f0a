export {
  type ChangeContext,
  type KernelDeps,
  type ModuleContext,
  type ModuleDefinition,
  moduleContext,
} from './kernel.platform.ts';
