"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/forms/form-error";
import { formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { controlClasses } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import {
  notificationEventLabels,
  notificationEventTypes,
  notificationPreferenceChoices,
  preferenceChoiceLabels,
  type NotificationEventType,
  type NotificationPreferenceChoice,
} from "@/lib/notification-events";

export type Choices = Record<NotificationEventType, NotificationPreferenceChoice>;

/** One select per event type; starts from the saved choices. */
export function MyPreferencesForm({ tenant, initial }: { tenant: string; initial: Choices }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [choices, setChoices] = useState<Choices>(initial);
  const save = useMutation(
    trpc.notifications.updateMyPreferences.mutationOptions({
      onSuccess: async (next) => {
        setChoices(next);
        await queryClient.invalidateQueries({ queryKey: trpc.notifications.myPreferences.queryKey({ tenant }) });
        toast("Notification preferences saved");
      },
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate({ tenant, events: choices });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-2">
        {notificationEventTypes.map((type) => (
          <div key={type}>
            <label htmlFor={`pref-${type}`} className="mb-1 block text-sm font-medium text-slate-800">
              {notificationEventLabels[type]}
            </label>
            <select
              id={`pref-${type}`}
              className={controlClasses}
              value={choices[type]}
              onChange={(e) => setChoices({ ...choices, [type]: e.target.value as NotificationPreferenceChoice })}
            >
              {notificationPreferenceChoices.map((c) => (
                <option key={c} value={c}>
                  {preferenceChoiceLabels[c]}
                </option>
              ))}
            </select>
          </div>
        ))}
      </div>
      <FormError message={formMessageOf(save.error)} />
      <Button type="submit" pending={save.isPending}>
        Save my preferences
      </Button>
    </form>
  );
}
