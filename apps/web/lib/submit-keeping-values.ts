'use client';

import { startTransition, type FormEvent } from 'react';

/**
 * onSubmit for forms driven by useActionState. With `<form action>` React 19 resets every
 * uncontrolled field after submission, so a rejected form would lose what the user typed;
 * dispatching from onSubmit keeps the values (and the pending state) intact. Give such forms
 * method="post": submitted before hydration, a GET would put passwords in the URL.
 */
export function submitKeepingValues(dispatch: (form: FormData) => void, before?: (form: FormData) => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    before?.(form);
    startTransition(() => dispatch(form));
  };
}
