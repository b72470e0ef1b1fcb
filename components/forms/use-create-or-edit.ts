"use client";

import { useMutation, type UseMutationOptions } from "@tanstack/react-query";
import { fieldErrorsOf, formMessageOf, type ErrorLike } from "./trpc-errors";

type CreateOrEdit<CreateData, CreateVariables, UpdateData, UpdateVariables, Failure> = {
  /** True when the form edits an existing record: `update` is then the mutation in use. */
  editing: boolean;
  create: UseMutationOptions<CreateData, Failure, CreateVariables>;
  update: UseMutationOptions<UpdateData, Failure, UpdateVariables>;
  /** Refreshes whatever lists the record, before the form closes. */
  refresh: () => Promise<unknown>;
  onDone: () => void;
  /** What follows a creation when it differs from closing (a secret shown once). */
  onCreated?: (created: CreateData) => void;
  /** The fields whose errors show beside their inputs, when the form does not show every field it sends. */
  fieldsShown?: readonly string[];
};

/**
 * The two mutations of a form that creates a record or edits one. Each refreshes the lists and then closes the form;
 * `pending`, `errors` (by field) and `formMessage` are those of the mutation in use.
 */
export function useCreateOrEdit<CreateData, CreateVariables, UpdateData, UpdateVariables, Failure extends NonNullable<ErrorLike>>({
  editing,
  create: createOptions,
  update: updateOptions,
  refresh,
  onDone,
  onCreated,
  fieldsShown,
}: CreateOrEdit<CreateData, CreateVariables, UpdateData, UpdateVariables, Failure>) {
  const create = useMutation({
    ...createOptions,
    onSuccess: async (created: CreateData) => {
      await refresh();
      (onCreated ?? onDone)(created);
    },
  });
  const update = useMutation({
    ...updateOptions,
    onSuccess: async () => {
      await refresh();
      onDone();
    },
  });
  const inUse = editing ? update : create;
  const errors = fieldErrorsOf(inUse.error);
  // A refusal that names a shown field appears beside it; any other appears above the buttons.
  const besideAnInput = Object.keys(errors).some((field) => !fieldsShown || fieldsShown.includes(field));
  const formMessage = besideAnInput ? null : formMessageOf(inUse.error);
  return { create, update, pending: inUse.isPending, errors, formMessage };
}
