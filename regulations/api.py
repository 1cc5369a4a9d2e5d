from django.http import JsonResponse

def regulations(request):
    return JsonResponse([], safe=False)
