/** An error shown in place, announced by screen readers (role="alert"). */
export function Alert({ message, id }: { message: string | null | undefined; id?: string }) {
  if (!message) return null;
  return (
    <p role="alert" className="alert" id={id}>
      {message}
    </p>
  );
}
