from django.http import HttpResponse

def regulation_list(request):
    return HttpResponse("")
