/** The body of every JSON API error (DESIGN.md section 5). */
export interface ApiErrorBody {
  error: { code: string; message: string };
}
